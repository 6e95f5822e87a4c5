import { useAsync } from "../../app/useAsync";
import { ErrorMessage } from "../../components/ErrorMessage";
import { dashApi } from "./api";
import { useDashT } from "./i18n";
import { atRiskBelow, classify, upcomingDays } from "./kpi";

/** The upcoming screenings of every cinema (next days) with their fill, at-risk and sold-out ones
 *  marked: the list behind the dashboard's "at risk" and "sold out" cards. */
export function FillRates() {
  const { dt, locale } = useDashT();
  const { data, error, reload, loading } = useAsync(() => {
    const now = new Date();
    return dashApi.fillRates("screening", { from: now, to: new Date(now.getTime() + upcomingDays * 86400_000) });
  }, []);
  const percent = (n: number) => new Intl.NumberFormat(locale, { style: "percent", maximumFractionDigits: 1 }).format(n);
  const { atRisk, soldOut } = classify(data?.items ?? []);
  return (
    <section className="card stack section" aria-labelledby="upcoming-title" aria-busy={loading}>
      <h2 id="upcoming-title">{dt("upcoming.title", { days: upcomingDays })}</h2>
      {error ? <ErrorMessage error={error} onRetry={reload} /> : null}
      {data && data.items.length === 0 && <p className="muted">{dt("upcoming.none")}</p>}
      {data && data.items.length > 0 && (
        <details>
          <summary>{dt("upcoming.show", { n: data.items.length, risk: atRisk.length, full: soldOut.length })}</summary>
          <div className="table-wrap">
            <table className="pref-table" aria-label={dt("upcoming.title", { days: upcomingDays })}>
              <thead><tr><th scope="col">{dt("upcoming.screening")}</th><th scope="col">{dt("col.sold")}</th><th scope="col">{dt("col.fill")}</th><th scope="col">{dt("upcoming.state")}</th></tr></thead>
              <tbody>
                {data.items.map((s) => (
                  <tr key={s.key}>
                    <th scope="row">{s.label}</th>
                    <td>{s.sold} / {s.capacity}</td>
                    <td>{percent(s.fillRate)}</td>
                    <td>{soldOut.includes(s) ? <span className="tag">{dt("metric.sold-out")}</span> : atRisk.includes(s) ? <span className="tag">{dt("upcoming.atRisk", { percent: percent(atRiskBelow) })}</span> : ""}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </details>
      )}
    </section>
  );
}
