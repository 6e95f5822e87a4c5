import { lazy, Suspense } from "react";
import { api } from "../../api/instance";
import { useAsync } from "../../app/useAsync";
import { ErrorMessage } from "../../components/ErrorMessage";
import { useI18n } from "../../i18n/i18n";
import type { FillRateItem } from "./FillRateChart";

const FillRateChart = lazy(() => import("./FillRateChart"));

/** Fill rate by film (reports:read): a chart, and the same figures as a table (accessible, testable). */
export function FillRates() {
  const { t, locale } = useI18n();
  const { data, error, reload } = useAsync(
    () => api.get<{ items: FillRateItem[] }>("/api/scheduling/stats/fill-rates", { by: "film" }),
    [],
  );
  const percent = (n: number) => new Intl.NumberFormat(locale, { style: "percent", maximumFractionDigits: 1 }).format(n);
  return (
    <section className="card stack section" aria-labelledby="fill-title">
      <h2 id="fill-title">{t("staff.fillRates")}</h2>
      {error ? <ErrorMessage error={error} onRetry={reload} /> : null}
      {data && (
        <>
          <Suspense fallback={<div className="skeleton" style={{ height: 280 }} />}>
            <FillRateChart items={data.items} label={t("staff.fillRates")} />
          </Suspense>
          <details>
            <summary>{t("staff.asTable")}</summary>
            <div className="table-wrap">
              <table className="pref-table">
                <thead><tr><th scope="col">{t("staff.film")}</th><th scope="col">{t("staff.screenings")}</th><th scope="col">{t("staff.sold")}</th><th scope="col">{t("staff.fill")}</th></tr></thead>
                <tbody>
                  {data.items.map((i) => (
                    <tr key={i.key}><th scope="row">{i.label}</th><td>{i.screenings}</td><td>{i.sold} / {i.capacity}</td><td>{percent(i.fillRate)}</td></tr>
                  ))}
                </tbody>
              </table>
            </div>
          </details>
        </>
      )}
    </section>
  );
}
