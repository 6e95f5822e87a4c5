import { useState } from "react";
import { useAsync } from "../../app/useAsync";
import { useToast } from "../../app/toasts";
import { ErrorMessage } from "../../components/ErrorMessage";
import { ConsumingService, consumingServices, ParkedMessage, staffApi } from "../api";
import { Confirm } from "../Confirm";
import { useStaffT } from "../i18n";

type Status = "parked" | "replayed" | "discarded" | "all";

function pretty(body: string): string {
  try {
    return JSON.stringify(JSON.parse(body), null, 2);
  } catch {
    return body;
  }
}

/** Parked messages of one consuming service: reason and payload, replay or discard after a confirmation. */
export function ParkedPage() {
  const { st, locale } = useStaffT();
  const toast = useToast();
  const [service, setService] = useState<ConsumingService>("catalog");
  const [status, setStatus] = useState<Status>("parked");
  const [pending, setPending] = useState<{ message: ParkedMessage; action: "replay" | "discard" } | null>(null);
  const [reason, setReason] = useState("");
  const [busy, setBusy] = useState(false);
  const [actionError, setActionError] = useState<unknown>(null);
  const { data, error, loading, reload } = useAsync(() => staffApi.parked(service, status), [service, status]);
  const when = (iso?: string) => (iso ? new Intl.DateTimeFormat(locale, { dateStyle: "medium", timeStyle: "medium" }).format(new Date(iso)) : "");
  const confirm = async () => {
    if (!pending) return;
    setBusy(true);
    setActionError(null);
    try {
      if (pending.action === "replay") await staffApi.replay(service, pending.message.id);
      else await staffApi.discard(service, pending.message.id, reason.trim());
      toast(st(pending.action === "replay" ? "ops.replayed" : "ops.discarded"), "success");
      setPending(null);
      setReason("");
      reload();
    } catch (e) {
      setActionError(e);
      setPending(null);
    } finally {
      setBusy(false);
    }
  };
  return (
    <section aria-labelledby="parked-heading">
      <h2 id="parked-heading">{st("ops.parked")}</h2>
      <div style={{ display: "flex", flexWrap: "wrap", gap: "1rem" }}>
        <div className="field">
          <label htmlFor="ops-service">{st("ops.service")}</label>
          <select id="ops-service" value={service} onChange={(e) => setService(e.target.value as ConsumingService)}>
            {consumingServices.map((s) => <option key={s} value={s}>{s}</option>)}
          </select>
        </div>
        <div className="field">
          <label htmlFor="ops-status">{st("ops.status")}</label>
          <select id="ops-status" value={status} onChange={(e) => setStatus(e.target.value as Status)}>
            {(["parked", "replayed", "discarded", "all"] as const).map((s) => <option key={s} value={s}>{st(`ops.status.${s}`)}</option>)}
          </select>
        </div>
      </div>
      {error ? <ErrorMessage error={error} onRetry={reload} /> : null}
      {actionError ? <ErrorMessage error={actionError} /> : null}
      {loading && !data ? <p className="muted" aria-busy="true">{st("common.loading")}</p> : null}
      {data && data.items.length === 0 ? <p>{st("ops.none")}</p> : null}
      {data && data.items.length > 0 && (
        <ul className="plain-list stack" aria-busy={loading}>
          {data.items.map((m) => (
            <li key={m.id} className="card stack" data-message-id={m.id}>
              <h3 style={{ fontSize: "1.05rem", overflowWrap: "anywhere" }}>{m.type} <span className="tag">{st(`ops.status.${m.status}`)}</span></h3>
              <p className="muted">{st("ops.parkedAt", { at: when(m.parkedAt) })} · <code style={{ overflowWrap: "anywhere" }}>{m.routingKey}</code></p>
              <p><strong>{st("ops.reason")}</strong>: {m.reason}</p>
              <details>
                <summary>{st("ops.payload")}</summary>
                <pre style={{ whiteSpace: "pre-wrap", overflowWrap: "anywhere", maxHeight: "20rem", overflow: "auto" }}>{pretty(m.body)}</pre>
              </details>
              {m.status === "parked" && (
                <div style={{ display: "flex", flexWrap: "wrap", gap: "0.5rem" }}>
                  <button type="button" className="button small" onClick={() => setPending({ message: m, action: "replay" })}
                    aria-label={st("ops.replay", { type: m.type })}>{st("ops.replay", { type: "" }).trim()}</button>
                  <button type="button" className="button small danger" onClick={() => setPending({ message: m, action: "discard" })}
                    aria-label={st("ops.discard", { type: m.type })}>{st("ops.discard", { type: "" }).trim()}</button>
                </div>
              )}
            </li>
          ))}
        </ul>
      )}
      {pending && (
        <Confirm
          message={pending.action === "replay" ? st("ops.confirmReplay", { service }) : st("ops.confirmDiscard")}
          onConfirm={confirm}
          onCancel={() => setPending(null)}
          busy={busy}
        >
          {pending.action === "discard" && (
            <div className="field">
              <label htmlFor="discard-reason">{st("ops.discardReason")}</label>
              <input id="discard-reason" maxLength={500} value={reason} onChange={(e) => setReason(e.target.value)} />
            </div>
          )}
        </Confirm>
      )}
    </section>
  );
}
