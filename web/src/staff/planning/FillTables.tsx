import { useId, useState } from "react";
import { useAsync } from "../../app/useAsync";
import { ErrorMessage } from "../../components/ErrorMessage";
import { FillDimension, planningApi } from "./api";
import { fillBucket, percent } from "./calendar";
import { usePlanT } from "./i18n";

const dimensions: FillDimension[] = ["screening", "film", "auditorium", "day"];

/** Fill rates of the board's week (GET /stats/fill-rates), grouped by screening, film, auditorium or day. */
export function FillTables({ cinemaId, from, to, tick }: { cinemaId: string; from: string; to: string; tz: string; tick: number }) {
  const { pt, locale } = usePlanT();
  const [by, setBy] = useState<FillDimension>("film");
  const rows = useAsync(() => planningApi.fillRates(by, cinemaId, from, to), [by, cinemaId, from, to, tick]);
  const id = useId();
  const number = new Intl.NumberFormat(locale);
  return (
    <section aria-labelledby={id + "-h"} className="stack plan-stats">
      <h2 id={id + "-h"}>{pt("stats.title")}</h2>
      <div className="field">
        <label htmlFor={id + "-by"}>{pt("stats.by")}</label>
        <select id={id + "-by"} value={by} onChange={(e) => setBy(e.target.value as FillDimension)}>
          {dimensions.map((d) => <option key={d} value={d}>{pt(`stats.by.${d}`)}</option>)}
        </select>
      </div>
      {rows.error ? <ErrorMessage error={rows.error} onRetry={rows.reload} /> : null}
      {rows.data && rows.data.items.length === 0 ? <p>{pt("stats.none")}</p> : null}
      {rows.data && rows.data.items.length > 0 ? (
        <div className="table-wrap">
          <table className="pref-table">
            <caption className="visually-hidden">{pt("stats.title")}: {pt(`stats.by.${by}`)}</caption>
            <thead>
              <tr>
                <th scope="col">{pt(`stats.by.${by}`)}</th>
                <th scope="col">{pt("stats.screenings")}</th>
                <th scope="col">{pt("stats.sold")}</th>
                <th scope="col">{pt("stats.capacity")}</th>
                <th scope="col">{pt("stats.rate")}</th>
              </tr>
            </thead>
            <tbody>
              {rows.data.items.map((r) => (
                <tr key={r.key}>
                  <th scope="row">{r.label}</th>
                  <td>{number.format(r.screenings)}</td>
                  <td>{number.format(r.sold)}</td>
                  <td>{number.format(r.capacity)}</td>
                  <td><span className={`plan-swatch plan-fill-${fillBucket(r.fillRate)}`} aria-hidden="true" />{percent(r.fillRate)} %</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
    </section>
  );
}
