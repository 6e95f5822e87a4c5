import { ReactNode, useEffect, useId, useRef } from "react";
import { useStaffT } from "./i18n";

/** A modal confirmation (native <dialog>: focus kept inside, Escape cancels); `confirmLabel` names the action (default "Confirm"). */
export function Confirm({ message, onConfirm, onCancel, children, busy, confirmLabel }: {
  message: string; onConfirm: () => void; onCancel: () => void; children?: ReactNode; busy?: boolean; confirmLabel?: string;
}) {
  const { st } = useStaffT();
  const ref = useRef<HTMLDialogElement>(null);
  const id = useId();
  useEffect(() => {
    const dialog = ref.current;
    if (dialog && !dialog.open) dialog.showModal();
    return () => dialog?.close();
  }, []);
  return (
    <dialog ref={ref} aria-labelledby={id} onCancel={(e) => { e.preventDefault(); onCancel(); }} className="card"
      style={{ maxWidth: "min(32rem, 92vw)", color: "var(--text)", background: "var(--surface, var(--bg))" }}>
      <p id={id}>{message}</p>
      {children}
      <div style={{ display: "flex", gap: "0.5rem", justifyContent: "flex-end", flexWrap: "wrap" }}>
        <button type="button" className="button secondary" onClick={onCancel}>{st("ops.cancel")}</button>
        <button type="button" className="button" onClick={onConfirm} disabled={busy}>{confirmLabel ?? st("ops.confirm")}</button>
      </div>
    </dialog>
  );
}
