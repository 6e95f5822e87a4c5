import { FormEvent, useState } from "react";
import { api } from "../../api/instance";
import type { Audience, PriceRule } from "../../api/types";
import { ErrorMessage } from "../../components/ErrorMessage";
import { useToast } from "../../app/toasts";
import { useStaffT } from "../i18n";
import { usePriceT } from "./i18n";

const audiences: Audience[] = ["adult", "child", "student", "senior"];
const kinds = ["standard", "premium", "wheelchair", "companion"] as const;
const formats = ["2D", "3D", "IMAX"];

interface RuleDraft { audience: Audience; amount: string; seatKind: string; format: string }

/** Create a price card (POST /api/scheduling/cinemas/{id}/price-cards): a name and its rules. */
export function CreatePriceCard({ cinemaId, onCreated }: { cinemaId: string; onCreated: (name: string) => void }) {
  const { prt } = usePriceT();
  const { st } = useStaffT();
  const toast = useToast();
  const [open, setOpen] = useState(false);
  const [name, setName] = useState("");
  const [rules, setRules] = useState<RuleDraft[]>([
    { audience: "adult", amount: "10.00", seatKind: "", format: "" },
    { audience: "child", amount: "7.00", seatKind: "", format: "" },
  ]);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const set = (i: number, patch: Partial<RuleDraft>) => setRules((list) => list.map((r, j) => (j === i ? { ...r, ...patch } : r)));
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    setBusy(true);
    const body = {
      name: name.trim(),
      rules: rules.map((r): PriceRule => ({
        audience: r.audience,
        amount: Math.round(Number(r.amount.replace(",", ".")) * 100),
        ...(r.seatKind ? { seatKind: r.seatKind as PriceRule["seatKind"] } : {}),
        ...(r.format ? { format: r.format } : {}),
      })),
    };
    try {
      await api.post(`/api/scheduling/cinemas/${encodeURIComponent(cinemaId)}/price-cards`, body);
      toast(prt("create.done", { name: body.name }), "success");
      onCreated(body.name);
      setName("");
      setOpen(false);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  if (!open) return <div><button type="button" className="button" onClick={() => setOpen(true)} disabled={!cinemaId}>{prt("create.open")}</button></div>;
  return (
    <form onSubmit={submit} className="card stack" aria-labelledby="price-create-title">
      <h2 id="price-create-title" style={{ fontSize: "1.1rem" }}>{prt("create.title")}</h2>
      <div className="field">
        <label htmlFor="price-create-name">{prt("create.name")}</label>
        <input id="price-create-name" value={name} onChange={(e) => setName(e.target.value)} required />
      </div>
      <div className="table-wrap">
        <table className="pref-table">
          <caption style={{ textAlign: "left" }}>{prt("create.rules")}</caption>
          <thead><tr>
            <th scope="col">{prt("create.col.audience")}</th><th scope="col">{prt("create.col.amount")}</th>
            <th scope="col">{prt("create.col.seatKind")}</th><th scope="col">{prt("create.col.format")}</th><th scope="col"><span className="visually-hidden">{prt("create.remove", { n: "" })}</span></th>
          </tr></thead>
          <tbody>
            {rules.map((r, i) => (
              <tr key={i}>
                <td><select aria-label={prt("create.audience", { n: i + 1 })} value={r.audience} onChange={(e) => set(i, { audience: e.target.value as Audience })}>
                  {audiences.map((a) => <option key={a} value={a}>{prt(`audience.${a}`)}</option>)}</select></td>
                <td><input aria-label={prt("create.amount", { n: i + 1 })} inputMode="decimal" size={6} value={r.amount} required pattern="[0-9]+([.,][0-9]{1,2})?"
                  onChange={(e) => set(i, { amount: e.target.value })} /></td>
                <td><select aria-label={prt("create.seatKind", { n: i + 1 })} value={r.seatKind} onChange={(e) => set(i, { seatKind: e.target.value })}>
                  <option value="">{prt("create.any")}</option>{kinds.map((k) => <option key={k} value={k}>{k}</option>)}</select></td>
                <td><select aria-label={prt("create.format", { n: i + 1 })} value={r.format} onChange={(e) => set(i, { format: e.target.value })}>
                  <option value="">{prt("create.any")}</option>{formats.map((f) => <option key={f} value={f}>{f}</option>)}</select></td>
                <td><button type="button" className="button secondary small" aria-label={prt("create.remove", { n: i + 1 })} disabled={rules.length === 1}
                  onClick={() => setRules((list) => list.filter((_, j) => j !== i))}>✕</button></td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <div><button type="button" className="button secondary small" onClick={() => setRules((list) => [...list, { audience: "adult", amount: "10.00", seatKind: "", format: "" }])}>{prt("create.add")}</button></div>
      <p className="hint">{prt("create.hint")}</p>
      {error ? <ErrorMessage error={error} /> : null}
      <div style={{ display: "flex", gap: "0.5rem", flexWrap: "wrap" }}>
        <button type="submit" className="button" disabled={busy}>{prt("create.submit")}</button>
        <button type="button" className="button secondary" onClick={() => setOpen(false)}>{st("common.cancel")}</button>
      </div>
    </form>
  );
}
