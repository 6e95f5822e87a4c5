import { FormEvent, useEffect, useState } from "react";
import { api } from "../../api/instance";
import { useAsync } from "../../app/useAsync";
import { useToast } from "../../app/toasts";
import { ErrorMessage } from "../../components/ErrorMessage";
import { StaffKey, useStaffT } from "../i18n";

interface Item { id: string; kind: "card" | "chart"; metric: string; period?: string; cinemaId?: string; view?: string; width?: number }
interface Layout { period: string; cinemaId?: string; items: Item[]; updatedAt?: string }

export const cardMetrics = ["revenue", "tickets-sold", "average-basket", "fill-rate", "refunds", "promo-usage", "screenings-at-risk", "sold-out"] as const;
const periods = ["today", "week", "month", "quarter", "year", "last-7-days", "last-30-days"] as const;

/** The signed-in staff member's dashboard layout, saved server-side (GET/PUT /api/auth/me/dashboard):
 *  which KPI cards to show and for which period. Charts already in the layout are kept as they are. */
export function DashboardLayout() {
  const { st } = useStaffT();
  const toast = useToast();
  const { data, error, reload, setData } = useAsync(() => api.get<Layout>("/api/auth/me/dashboard"), []);
  const [period, setPeriod] = useState("month");
  const [chosen, setChosen] = useState<string[]>([]);
  const [saveError, setSaveError] = useState<unknown>(null);
  const [editing, setEditing] = useState(false);
  useEffect(() => {
    if (!data) return;
    setPeriod(data.period);
    setChosen(data.items.filter((i) => i.kind === "card").map((i) => i.metric));
  }, [data]);
  const save = async (e: FormEvent) => {
    e.preventDefault();
    if (!data) return;
    setSaveError(null);
    const previous = new Map(data.items.filter((i) => i.kind === "card").map((i) => [i.metric, i]));
    const cards: Item[] = cardMetrics.filter((m) => chosen.includes(m)).map((m) => previous.get(m) ?? { id: "card-" + m, kind: "card", metric: m });
    const body = { period, ...(data.cinemaId ? { cinemaId: data.cinemaId } : {}), items: [...cards, ...data.items.filter((i) => i.kind !== "card")] };
    try {
      setData(await api.put<Layout>("/api/auth/me/dashboard", body));
      toast(st("dash.saved"), "success");
      setEditing(false);
    } catch (err) {
      setSaveError(err);
    }
  };
  const label = (m: string) => st(`dash.metric.${m}` as StaffKey);
  return (
    <section className="card stack section" aria-labelledby="dash-title">
      <h2 id="dash-title">{st("dash.title")}</h2>
      {error ? <ErrorMessage error={error} onRetry={reload} /> : null}
      {data && (
        <>
          <p className="muted">{st("dash.period", { period: st(`dash.period.${data.period}` as StaffKey) })}</p>
          <ul aria-label={st("dash.cards")} style={{ listStyle: "none", padding: 0, display: "grid", gridTemplateColumns: "repeat(auto-fill, minmax(11rem, 1fr))", gap: "0.75rem" }}>
            {data.items.filter((i) => i.kind === "card").map((i) => (
              <li key={i.id} className="card" data-metric={i.metric}><strong>{label(i.metric)}</strong></li>
            ))}
          </ul>
          {!editing ? (
            <button type="button" className="button secondary" onClick={() => setEditing(true)}>{st("dash.customise")}</button>
          ) : (
            <form onSubmit={save} className="stack">
              <fieldset>
                <legend>{st("dash.choose")}</legend>
                {cardMetrics.map((m) => (
                  <label key={m} style={{ display: "flex", gap: "0.5rem", alignItems: "center", minHeight: 36 }}>
                    <input type="checkbox" checked={chosen.includes(m)}
                      onChange={(e) => setChosen(e.target.checked ? [...chosen, m] : chosen.filter((x) => x !== m))} />
                    {label(m)}
                  </label>
                ))}
              </fieldset>
              <div className="field">
                <label htmlFor="dash-period">{st("dash.periodLabel")}</label>
                <select id="dash-period" value={period} onChange={(e) => setPeriod(e.target.value)}>
                  {periods.map((p) => <option key={p} value={p}>{st(`dash.period.${p}` as StaffKey)}</option>)}
                </select>
              </div>
              {saveError ? <ErrorMessage error={saveError} /> : null}
              <div style={{ display: "flex", gap: "0.5rem" }}>
                <button type="submit" className="button">{st("dash.save")}</button>
                <button type="button" className="button secondary" onClick={() => setEditing(false)}>{st("common.cancel")}</button>
              </div>
            </form>
          )}
        </>
      )}
    </section>
  );
}
