import { FormEvent, useEffect, useState } from "react";
import { schedulingApi } from "../../api/scheduling";
import type { PriceRule } from "../../api/types";
import { useAsync } from "../../app/useAsync";
import { useToast } from "../../app/toasts";
import { ErrorMessage } from "../../components/ErrorMessage";
import { staffApi, StaffPriceCard } from "../api";
import { Confirm } from "../Confirm";
import { CreatePriceCard } from "./CreatePriceCard";
import { useStaffT } from "../i18n";

/** Price cards per cinema: the rules of each, edit (name, rules) and retire with a confirmation. */
export function PriceCardsPage({ initialCinema }: { initialCinema?: string }) {
  const { st, locale } = useStaffT();
  const toast = useToast();
  const cinemas = useAsync(() => schedulingApi.cinemas(), []);
  const [cinemaId, setCinemaId] = useState(initialCinema ?? "");
  const [show, setShow] = useState<"live" | "all">("live");
  useEffect(() => {
    if (!cinemaId && cinemas.data?.items.length) setCinemaId(cinemas.data.items[0].id);
  }, [cinemas.data, cinemaId]);
  const cards = useAsync(() => (cinemaId ? staffApi.priceCards(cinemaId, show) : Promise.resolve({ items: [] as StaffPriceCard[] })), [cinemaId, show]);
  const [editing, setEditing] = useState<string | null>(null);
  const [retiring, setRetiring] = useState<StaffPriceCard | null>(null);
  const [actionError, setActionError] = useState<unknown>(null);
  const money = (minor: number) => new Intl.NumberFormat(locale, { style: "currency", currency: "EUR" }).format(minor / 100);
  const retire = async () => {
    if (!retiring) return;
    setActionError(null);
    try {
      await staffApi.retirePriceCard(cinemaId, retiring.id);
      toast(st("prices.retiredDone"), "success");
      cards.reload();
    } catch (e) {
      setActionError(e);
    } finally {
      setRetiring(null);
    }
  };
  const conditions = (r: PriceRule) =>
    [r.seatKind, r.format, r.days?.length ? "days " + r.days.join(",") : "", r.from || r.to ? `${r.from ?? ""}–${r.to ?? ""}` : ""].filter(Boolean).join(" · ");
  return (
    <>
      <h1>{st("prices.title")}</h1>
      <div style={{ display: "flex", flexWrap: "wrap", gap: "1rem" }}>
        <div className="field">
          <label htmlFor="price-cinema">{st("prices.cinema")}</label>
          <select id="price-cinema" value={cinemaId} onChange={(e) => setCinemaId(e.target.value)}>
            {cinemaId && cinemas.data && !cinemas.data.items.some((c) => c.id === cinemaId) && <option value={cinemaId}>{cinemaId}</option>}
            {(cinemas.data?.items ?? []).map((c) => <option key={c.id} value={c.id}>{c.name}</option>)}
          </select>
        </div>
        <div className="field">
          <label htmlFor="price-show">{st("prices.show")}</label>
          <select id="price-show" value={show} onChange={(e) => setShow(e.target.value as "live" | "all")}>
            <option value="live">{st("prices.live")}</option>
            <option value="all">{st("prices.all")}</option>
          </select>
        </div>
      </div>
      <CreatePriceCard key={cinemaId} cinemaId={cinemaId} onCreated={() => cards.reload()} />
      {cinemas.error ? <ErrorMessage error={cinemas.error} onRetry={cinemas.reload} /> : null}
      {cards.error ? <ErrorMessage error={cards.error} onRetry={cards.reload} /> : null}
      {actionError ? <ErrorMessage error={actionError} /> : null}
      {cards.data && cards.data.items.length === 0 ? <p>{st("prices.none")}</p> : null}
      <ul className="plain-list stack">
        {(cards.data?.items ?? []).map((card) => {
          const retired = card.status === "retired" || Boolean(card.retiredAt);
          return (
            <li key={card.id} className="card stack" data-card-id={card.id}>
              <h2 style={{ fontSize: "1.1rem" }}>{card.name} {retired ? <span className="tag">{st("prices.retired")}</span> : null}</h2>
              <div className="table-wrap">
                <table className="pref-table">
                  <thead><tr><th scope="col">{st("prices.audience")}</th><th scope="col">{st("prices.when")}</th><th scope="col">{st("prices.amount")}</th></tr></thead>
                  <tbody>
                    {card.rules.map((r, i) => (
                      <tr key={i}><th scope="row">{r.audience}</th><td>{conditions(r)}</td><td>{money(r.amount)}</td></tr>
                    ))}
                  </tbody>
                </table>
              </div>
              {!retired && editing !== card.id && (
                <div style={{ display: "flex", flexWrap: "wrap", gap: "0.5rem" }}>
                  <button type="button" className="button small" onClick={() => setEditing(card.id)} aria-label={st("prices.edit", { name: card.name })}>
                    {st("prices.edit", { name: "" }).trim()}
                  </button>
                  <button type="button" className="button small danger" onClick={() => setRetiring(card)} aria-label={st("prices.retire", { name: card.name })}>
                    {st("prices.retire", { name: "" }).trim()}
                  </button>
                </div>
              )}
              {editing === card.id && (
                <CardEditor cinemaId={cinemaId} card={card} onDone={(saved) => { setEditing(null); if (saved) { toast(st("prices.saved"), "success"); cards.reload(); } }} />
              )}
            </li>
          );
        })}
      </ul>
      {retiring && <Confirm message={st("prices.confirmRetire", { name: retiring.name })} onConfirm={retire} onCancel={() => setRetiring(null)} />}
    </>
  );
}

function CardEditor({ cinemaId, card, onDone }: { cinemaId: string; card: StaffPriceCard; onDone: (saved: boolean) => void }) {
  const { st } = useStaffT();
  const [name, setName] = useState(card.name);
  const [rules, setRules] = useState(() => JSON.stringify(card.rules, null, 2));
  const [error, setError] = useState<unknown>(null);
  const [jsonError, setJsonError] = useState(false);
  const save = async (e: FormEvent) => {
    e.preventDefault();
    let parsed: PriceRule[];
    try {
      parsed = JSON.parse(rules) as PriceRule[];
      setJsonError(false);
    } catch {
      setJsonError(true);
      return;
    }
    try {
      await staffApi.editPriceCard(cinemaId, card.id, { name: name.trim(), rules: parsed });
      onDone(true);
    } catch (err) {
      setError(err);
    }
  };
  const nameId = `card-name-${card.id}`;
  const rulesId = `card-rules-${card.id}`;
  return (
    <form onSubmit={save} className="stack">
      <div className="field">
        <label htmlFor={nameId}>{st("prices.name")}</label>
        <input id={nameId} value={name} onChange={(e) => setName(e.target.value)} required />
      </div>
      <div className="field">
        <label htmlFor={rulesId}>{st("prices.rules")}</label>
        <textarea id={rulesId} rows={8} value={rules} onChange={(e) => setRules(e.target.value)} aria-describedby={rulesId + "-hint"}
          aria-invalid={jsonError || undefined} style={{ fontFamily: "monospace" }} />
        <small id={rulesId + "-hint"} className="hint">{st("prices.rulesHint")}</small>
        {jsonError && <small className="field-error" role="alert">{st("prices.badJson")}</small>}
      </div>
      {error ? <ErrorMessage error={error} /> : null}
      <div style={{ display: "flex", gap: "0.5rem" }}>
        <button type="submit" className="button">{st("film.save")}</button>
        <button type="button" className="button secondary" onClick={() => onDone(false)}>{st("common.cancel")}</button>
      </div>
    </form>
  );
}
