import { FormEvent, lazy, ReactNode, Suspense, useEffect, useMemo, useState } from "react";
import { api } from "../../api/instance";
import { ApiProblem } from "../../api/problem";
import { schedulingApi } from "../../api/scheduling";
import { useAsync } from "../../app/useAsync";
import { useToast } from "../../app/toasts";
import { ErrorMessage } from "../../components/ErrorMessage";
import { dashApi, download, ReportFile, reportFiles } from "./api";
import type { Series } from "./DashChart";
import { DashKey, useDashT } from "./i18n";
import {
  atRiskBelow, byWeekday, cardMetrics, iso, chartMetrics, classify, col, exportName, FillRateItem, LayoutItem,
  nextLayout, periodRange, periods, Range, ReportTable, revenueSeries, rowsWhere, sumByCurrency, totalFill, upcomingDays,
} from "./kpi";

const ChartView = lazy(() => import("./DashChart"));

/** A piece of data of the dashboard: its value, or why it is missing. */
interface Piece<T> { data?: T; error?: unknown }
const settle = <T,>(p: Promise<T>): Promise<Piece<T>> => p.then((data) => ({ data }), (error: unknown) => ({ error }));
const none: Piece<never> = {};

interface Figures {
  sales: Range;
  screenings: Range;
  revenueDay: Piece<ReportTable>;
  revenueCinema: Piece<ReportTable>;
  refunds: Piece<ReportTable>;
  promos: Piece<ReportTable>;
  fillFilm: Piece<{ items: FillRateItem[] }>;
  fillAuditorium: Piece<{ items: FillRateItem[] }>;
  fillDay: Piece<{ items: FillRateItem[] }>;
  upcoming: Piece<{ items: FillRateItem[] }>;
  leadTime: Piece<{ items: { key: string; label: string; bookings: number; tickets: number }[] }>;
  /** Revenue by cinema for today, this week and this month (the revenue card's quick comparison). */
  revenueSpans: Piece<{ period: string; table: ReportTable }[]>;
}

const revenueSpanPeriods = ["today", "week", "month"] as const;

const salesLeadTimePath = "/api/scheduling/stats/sales-lead-time";

/** The back office's overview: KPI cards and charts for a period and cinema, chosen by the staff
 *  member and saved server-side (GET/PUT /api/auth/me/dashboard), and the reports to download. */
export function DashboardLayout() {
  const { dt } = useDashT();
  const toast = useToast();
  const layout = useAsync(() => dashApi.layout(), []);
  const cinemas = useAsync(() => schedulingApi.cinemas(), []);
  const [period, setPeriod] = useState("week");
  const [cinemaId, setCinemaId] = useState("");
  const [cards, setCards] = useState<string[]>([]);
  const [charts, setCharts] = useState<string[]>([]);
  const [editing, setEditing] = useState(false);
  const [saveError, setSaveError] = useState<unknown>(null);
  useEffect(() => {
    if (!layout.data) return;
    setPeriod(layout.data.period);
    setCinemaId(layout.data.cinemaId ?? "");
    setCards(layout.data.items.filter((i) => i.kind === "card").map((i) => i.metric));
    setCharts(layout.data.items.filter((i) => i.kind === "chart").map((i) => i.metric));
  }, [layout.data]);
  const saved = layout.data;
  const shown: LayoutItem[] = useMemo(() => (saved ? nextLayout(saved, { period, cinemaId, cards, charts }).items : []), [saved, period, cinemaId, cards, charts]);
  const dirty = Boolean(saved) && (saved!.period !== period || (saved!.cinemaId ?? "").toLowerCase() !== cinemaId.toLowerCase()
    || JSON.stringify(saved!.items.map((i) => i.kind + i.metric)) !== JSON.stringify(shown.map((i) => i.kind + i.metric)));
  const save = async (e?: FormEvent) => {
    e?.preventDefault();
    if (!saved) return;
    setSaveError(null);
    try {
      layout.setData(await dashApi.saveLayout(nextLayout(saved, { period, cinemaId, cards, charts })));
      toast(dt("saved"), "success");
      setEditing(false);
    } catch (err) {
      setSaveError(err);
    }
  };
  const cancel = () => {
    setEditing(false);
    if (!saved) return;
    setCards(saved.items.filter((i) => i.kind === "card").map((i) => i.metric));
    setCharts(saved.items.filter((i) => i.kind === "chart").map((i) => i.metric));
  };
  const cinemaList = cinemas.data?.items ?? [];
  const cinema = cinemaList.find((c) => c.id.toLowerCase() === cinemaId.toLowerCase());
  const toggle = (list: string[], set: (l: string[]) => void, m: string, on: boolean) => set(on ? [...list, m] : list.filter((x) => x !== m));
  return (
    <>
      <section className="card stack section" aria-labelledby="dash-title">
        <h2 id="dash-title">{dt("title")}</h2>
        <p className="muted">{dt("intro")}</p>
        {layout.error ? <ErrorMessage error={layout.error} onRetry={layout.reload} /> : null}
        {cinemas.error ? <ErrorMessage error={cinemas.error} onRetry={cinemas.reload} /> : null}
        {saved && (
          <form onSubmit={save} className="stack" aria-label={dt("settings")}>
            <div className="dash-settings">
              <div className="field">
                <label htmlFor="dash-period">{dt("period")}</label>
                <select id="dash-period" value={period} onChange={(e) => setPeriod(e.target.value)}>
                  {periods.map((p) => <option key={p} value={p}>{dt(`period.${p}` as DashKey)}</option>)}
                </select>
              </div>
              <div className="field">
                <label htmlFor="dash-cinema">{dt("cinema")}</label>
                <select id="dash-cinema" value={cinema?.id ?? cinemaId} onChange={(e) => setCinemaId(e.target.value)}>
                  <option value="">{dt("allCinemas")}</option>
                  {cinemaId && !cinema && <option value={cinemaId}>{cinemaId}</option>}
                  {cinemaList.map((c) => <option key={c.id} value={c.id}>{c.name}</option>)}
                </select>
              </div>
              {!editing && <button type="button" className="button secondary" onClick={() => setEditing(true)}>{dt("customise")}</button>}
              {!editing && dirty && <button type="submit" className="button">{dt("save")}</button>}
            </div>
            {editing && (
              <>
                <div className="dash-choose">
                  <fieldset>
                    <legend>{dt("chooseCards")}</legend>
                    {cardMetrics.map((m) => (
                      <label key={m} className="dash-check">
                        <input type="checkbox" checked={cards.includes(m)} onChange={(e) => toggle(cards, setCards, m, e.target.checked)} />
                        {dt(`metric.${m}` as DashKey)}
                      </label>
                    ))}
                  </fieldset>
                  <fieldset>
                    <legend>{dt("chooseCharts")}</legend>
                    {chartMetrics.map((m) => (
                      <label key={m} className="dash-check">
                        <input type="checkbox" checked={charts.includes(m)} onChange={(e) => toggle(charts, setCharts, m, e.target.checked)} />
                        {dt(`chart.${m}` as DashKey)}
                      </label>
                    ))}
                  </fieldset>
                </div>
                <div style={{ display: "flex", gap: "0.5rem", flexWrap: "wrap" }}>
                  <button type="submit" className="button">{dt("save")}</button>
                  <button type="button" className="button secondary" onClick={cancel}>{dt("cancel")}</button>
                </div>
              </>
            )}
            {saveError ? <ErrorMessage error={saveError} /> : null}
          </form>
        )}
      </section>
      {saved && <Board items={shown} period={period} cinemaId={cinema?.id ?? (cinemaId || undefined)} cinemaName={cinema?.name} />}
    </>
  );
}

function Board({ items, period, cinemaId, cinemaName }: { items: LayoutItem[]; period: string; cinemaId?: string; cinemaName?: string }) {
  const { dt, locale } = useDashT();
  const want = new Set(items.map((i) => i.metric));
  const needs = (...m: string[]) => m.some((x) => want.has(x));
  const key = [...want].sort().join(",");
  const figures = useAsync(async (signal): Promise<Figures> => {
    const now = new Date();
    const sales = periodRange(period, now, "sales");
    const screenings = periodRange(period, now, "screenings");
    const upcomingRange = { from: now, to: new Date(now.getTime() + upcomingDays * 86400_000) };
    const skip = Promise.resolve(none);
    const [revenueDay, revenueCinema, refunds, promos, fillFilm, fillAuditorium, fillDay, upcoming, leadTime, revenueSpans] = await Promise.all([
      needs("revenue", "average-basket", "tickets-sold", "revenue-over-time") ? settle(dashApi.revenue("day", sales, cinemaId, signal)) : skip,
      needs("revenue", "average-basket") ? settle(dashApi.revenue("cinema", sales, cinemaId, signal)) : skip,
      needs("refunds") ? settle(dashApi.refunds(sales, cinemaId, signal)) : skip,
      needs("promo-usage") ? settle(dashApi.promos(sales, cinemaId, signal)) : skip,
      needs("fill-rate", "tickets-sold", "fill-rate-by-film") ? settle(dashApi.fillRates("film", screenings, cinemaId, signal)) : skip,
      needs("fill-rate-by-auditorium") ? settle(dashApi.fillRates("auditorium", screenings, cinemaId, signal)) : skip,
      needs("fill-rate-by-weekday") ? settle(dashApi.fillRates("day", screenings, cinemaId, signal)) : skip,
      needs("screenings-at-risk", "sold-out") ? settle(dashApi.fillRates("screening", upcomingRange, cinemaId, signal)) : skip,
      needs("sales-by-hours-before")
        ? settle(api.get<Figures["leadTime"]["data"] & object>(salesLeadTimePath, { from: iso(sales.from), to: iso(sales.to), cinemaId }, { signal }))
        : skip,
      needs("revenue")
        ? settle(Promise.all(revenueSpanPeriods.map((p) => dashApi.revenue("cinema", periodRange(p, now, "sales"), cinemaId, signal).then((table) => ({ period: p, table })))))
        : skip,
    ]);
    return { sales, screenings, revenueDay, revenueCinema, refunds, promos, fillFilm, fillAuditorium, fillDay, upcoming, leadTime, revenueSpans };
  }, [period, cinemaId, key]);
  const f = figures.data;
  const fmt = useFormats(locale);
  const cardItems = items.filter((i) => i.kind === "card");
  const chartItems = items.filter((i) => i.kind === "chart");
  const dateFmt = (d: Date) => new Intl.DateTimeFormat(locale, { dateStyle: "medium" }).format(d);
  const rangeText = f ? dt("range", { from: dateFmt(f.sales.from), to: dateFmt(new Date(f.sales.to.getTime() - 60_000)) }) : "";
  return (
    <div aria-busy={figures.loading} className="stack">
      {figures.error ? <ErrorMessage error={figures.error} onRetry={figures.reload} /> : null}
      {items.length === 0 && <p>{dt("none")}</p>}
      {f && <p className="muted">{dt(`period.${period}` as DashKey)} · {cinemaName ?? dt("allCinemas")} · {rangeText}</p>}
      {cardItems.length > 0 && (
        <ul aria-label={dt("cards")} className="dash-cards">
          {cardItems.map((i) => (
            <li key={i.id} data-metric={i.metric}>
              <Card metric={i.metric} f={f} fmt={fmt} cinemaId={cinemaId} cinemaName={cinemaName} />
            </li>
          ))}
        </ul>
      )}
      {chartItems.length > 0 && (
        <div className="dash-charts">
          {chartItems.map((i) => <ChartCard key={i.id} item={i} f={f} fmt={fmt} cinemaId={cinemaId} />)}
        </div>
      )}
      {f && <Exports sales={f.sales} screenings={f.screenings} cinemaId={cinemaId} rangeText={rangeText} />}
    </div>
  );
}

type Formats = ReturnType<typeof useFormats>;

function useFormats(locale: string) {
  return useMemo(() => {
    const digits = (currency: string) => {
      try {
        return new Intl.NumberFormat("en", { style: "currency", currency }).resolvedOptions().maximumFractionDigits ?? 2;
      } catch {
        return 2;
      }
    };
    const money = (minor: number, currency: string) => {
      try {
        return new Intl.NumberFormat(locale, { style: "currency", currency }).format(minor / 10 ** digits(currency));
      } catch {
        return `${(minor / 100).toFixed(2)} ${currency}`;
      }
    };
    const major = (minor: number, currency: string) => minor / 10 ** digits(currency);
    const percent = (n: number) => new Intl.NumberFormat(locale, { style: "percent", maximumFractionDigits: 1 }).format(n);
    const number = (n: number) => new Intl.NumberFormat(locale).format(n);
    const weekday = (i: number) => new Intl.DateTimeFormat(locale, { weekday: "long", timeZone: "UTC" }).format(new Date(Date.UTC(2024, 0, 1 + i)));
    return { money, major, percent, number, weekday };
  }, [locale]);
}

/** Whether a report was filtered by the cinema: the API echoes `cinemaId` once it supports it. */
const filtered = (t: ReportTable | undefined, cinemaId?: string) => !cinemaId || Boolean(t?.cinemaId);

function KpiCard({ metric, children, hint }: { metric: string; children?: ReactNode; hint?: ReactNode }) {
  const { dt } = useDashT();
  const id = `kpi-${metric}`;
  return (
    <article className="card dash-kpi" aria-labelledby={id}>
      <h3 id={id}>{dt(`metric.${metric}` as DashKey)}</h3>
      {children}
      {hint ? <p className="muted dash-hint">{hint}</p> : null}
    </article>
  );
}

function Value({ children }: { children: ReactNode }) {
  return <p className="dash-value">{children}</p>;
}

/** One value per currency (the amounts are never added across currencies). */
function PerCurrency({ sums, field, fmt }: { sums: Record<string, Record<string, number>>; field: string; fmt: Formats }) {
  const currencies = Object.keys(sums).sort();
  if (currencies.length === 0) return <Value>{fmt.money(0, "EUR")}</Value>;
  return <>{currencies.map((c) => <Value key={c}>{fmt.money(sums[c][field], c)}</Value>)}</>;
}

function Card({ metric, f, fmt, cinemaId, cinemaName }: { metric: string; f?: Figures; fmt: Formats; cinemaId?: string; cinemaName?: string }) {
  const { dt } = useDashT();
  if (!f) return <KpiCard metric={metric}><Value>…</Value></KpiCard>;
  const problem = (p: Piece<unknown>) => (p.error ? <ErrorMessage error={p.error} /> : null);
  const allNote = <span className="dash-note">{dt("allCinemas")}</span>;
  const moneyFields = ["payments", "gross", "discounts", "refunds", "net"];
  /** Revenue rows of the chosen cinema: the filtered report, else the by-cinema rows of its name. */
  const revenue = () => {
    const day = f.revenueDay.data;
    if (day && filtered(day, cinemaId)) return sumByCurrency(day, moneyFields);
    const byCinema = f.revenueCinema.data;
    if (byCinema) return sumByCurrency(byCinema, moneyFields, rowsWhere(byCinema, "cinema", cinemaName ?? ""));
    return undefined;
  };
  switch (metric) {
    case "revenue": {
      const sums = revenue();
      if (!sums) return <KpiCard metric={metric}>{problem(f.revenueDay)}{problem(f.revenueCinema)}</KpiCard>;
      const payments = Object.values(sums).reduce((s, x) => s + x.payments, 0);
      const byCinema = f.revenueCinema.data;
      return (
        <KpiCard metric={metric} hint={<>{dt("revenue.net")} · {dt("revenue.payments", { n: payments })}{Object.entries(sums).map(([c, x]) => <span key={c}> · {dt("revenue.gross", { amount: fmt.money(x.gross, c), refunds: fmt.money(x.refunds, c) })}</span>)}</>}>
          <PerCurrency sums={sums} field="net" fmt={fmt} />
          {f.revenueSpans.data && (
            <dl className="dash-spans">
              {f.revenueSpans.data.map(({ period, table }) => {
                const net = sumByCurrency(table, ["net"], cinemaId ? rowsWhere(table, "cinema", cinemaName ?? "") : undefined);
                const text = Object.keys(net).length ? Object.entries(net).map(([c, x]) => fmt.money(x.net, c)).join(" · ") : fmt.money(0, "EUR");
                return <div key={period}><dt>{dt(`period.${period}` as DashKey)}</dt><dd>{text}</dd></div>;
              })}
            </dl>
          )}
          {!cinemaId && byCinema && byCinema.rows.length > 0 && (
            <details>
              <summary>{dt("revenue.byCinema")}</summary>
              <div className="table-wrap">
                <table className="pref-table">
                  <thead><tr><th scope="col">{dt("col.cinema")}</th><th scope="col">{dt("col.net")}</th></tr></thead>
                  <tbody>
                    {byCinema.rows.map((r, i) => (
                      <tr key={i}><th scope="row">{String(r[col(byCinema, "cinema")])}</th><td>{fmt.money(Number(r[col(byCinema, "net")]), String(r[col(byCinema, "currency")]))}</td></tr>
                    ))}
                  </tbody>
                </table>
              </div>
            </details>
          )}
        </KpiCard>
      );
    }
    case "tickets-sold": {
      const day = f.revenueDay.data;
      if (day && col(day, "tickets") >= 0 && filtered(day, cinemaId)) {
        const n = day.rows.reduce((s, r) => s + Number(r[col(day, "tickets")]), 0);
        return <KpiCard metric={metric} hint={dt("tickets.paidHint")}><Value>{fmt.number(n)}</Value></KpiCard>;
      }
      const items = f.fillFilm.data?.items;
      if (!items) return <KpiCard metric={metric}>{problem(f.fillFilm)}</KpiCard>;
      return <KpiCard metric={metric} hint={dt("tickets.hint")}><Value>{fmt.number(totalFill(items).sold)}</Value></KpiCard>;
    }
    case "average-basket": {
      const sums = revenue();
      if (!sums) return <KpiCard metric={metric}>{problem(f.revenueDay)}</KpiCard>;
      const avg = Object.fromEntries(Object.entries(sums).map(([c, x]) => [c, { avg: x.payments ? Math.round(x.gross / x.payments) : 0 }]));
      return <KpiCard metric={metric} hint={dt("basket.hint")}><PerCurrency sums={avg} field="avg" fmt={fmt} /></KpiCard>;
    }
    case "fill-rate": {
      const items = f.fillFilm.data?.items;
      if (!items) return <KpiCard metric={metric}>{problem(f.fillFilm)}</KpiCard>;
      const t = totalFill(items);
      return <KpiCard metric={metric} hint={dt("fill.hint", { sold: t.sold, capacity: t.capacity, n: t.screenings })}><Value>{fmt.percent(t.fillRate)}</Value></KpiCard>;
    }
    case "refunds": {
      const table = f.refunds.data;
      if (!table) return <KpiCard metric={metric}>{problem(f.refunds)}</KpiCard>;
      const sums = sumByCurrency(table, ["refunds", "amount"]);
      const n = Object.values(sums).reduce((s, x) => s + x.refunds, 0);
      return (
        <KpiCard metric={metric} hint={<>{dt("refunds.count", { n })}{!filtered(table, cinemaId) && <> · {allNote}</>}</>}>
          <PerCurrency sums={sums} field="amount" fmt={fmt} />
        </KpiCard>
      );
    }
    case "promo-usage": {
      const table = f.promos.data;
      if (!table) return <KpiCard metric={metric}>{problem(f.promos)}</KpiCard>;
      const sums = sumByCurrency(table, ["redeemed", "in flight", "discounts"]);
      const redeemed = Object.values(sums).reduce((s, x) => s + x.redeemed, 0);
      const inFlight = Object.values(sums).reduce((s, x) => s + x["in flight"], 0);
      return (
        <KpiCard metric={metric} hint={<>{Object.entries(sums).filter(([c]) => c !== "?").map(([c, x]) => <span key={c}>{dt("promo.discounts", { amount: fmt.money(x.discounts, c) })} · </span>)}{dt("promo.inFlight", { n: inFlight })}{!filtered(table, cinemaId) && <> · {allNote}</>}</>}>
          <Value>{dt("promo.count", { n: redeemed })}</Value>
        </KpiCard>
      );
    }
    case "screenings-at-risk":
    case "sold-out": {
      const items = f.upcoming.data?.items;
      if (!items) return <KpiCard metric={metric}>{problem(f.upcoming)}</KpiCard>;
      const { atRisk, soldOut } = classify(items);
      const list = metric === "sold-out" ? soldOut : atRisk;
      const hint = metric === "sold-out" ? dt("soldout.hint", { days: upcomingDays }) : dt("risk.hint", { days: upcomingDays, percent: fmt.percent(atRiskBelow) });
      return (
        <KpiCard metric={metric} hint={hint}>
          <Value>{fmt.number(list.length)}</Value>
          {list.length > 0 && (
            <ul className="dash-mini" aria-label={dt(`metric.${metric}` as DashKey)}>
              {list.slice(0, 5).map((s) => <li key={s.key}>{s.label} <span className="muted">{dt("risk.sold", { sold: s.sold, capacity: s.capacity })}</span></li>)}
              {list.length > 5 && <li className="muted">…</li>}
            </ul>
          )}
        </KpiCard>
      );
    }
    default:
      return <KpiCard metric={metric} />;
  }
}

interface TableSpec { head: string[]; rows: { key: string; cells: string[] }[] }

function ChartCard({ item, f, fmt, cinemaId }: { item: LayoutItem; f?: Figures; fmt: Formats; cinemaId?: string }) {
  const { dt } = useDashT();
  const title = dt(`chart.${item.metric}` as DashKey);
  const id = `chart-${item.metric}`;
  let body: ReactNode = <div className="skeleton dash-chart" />;
  if (f) {
    const built = buildChart(item.metric, f, fmt, dt, cinemaId);
    if ("unavailable" in built) {
      body = <p><strong>{dt("notAvailable")}</strong> <span className="muted">{dt("notAvailableHint")}</span></p>;
    } else if ("error" in built) {
      body = <ErrorMessage error={built.error} />;
    } else {
      body = (
        <>
          {built.note && <p className="muted dash-hint">{built.note}</p>}
          {built.table.rows.length === 0 ? <p className="muted">{dt("noData")}</p> : (
            <Suspense fallback={<div className="skeleton dash-chart" />}>
              <ChartView type={built.type} labels={built.labels} series={built.series} label={title} yMax={built.yMax} format={built.format} />
            </Suspense>
          )}
          <details open={item.view === "table"}>
            <summary>{dt("asTable")}</summary>
            <div className="table-wrap">
              <table className="pref-table" aria-label={title}>
                <thead><tr>{built.table.head.map((h, i) => <th key={i} scope="col">{h}</th>)}</tr></thead>
                <tbody>
                  {built.table.rows.map((r) => (
                    <tr key={r.key}>{r.cells.map((c, i) => (i === 0 ? <th key={i} scope="row">{c}</th> : <td key={i}>{c}</td>))}</tr>
                  ))}
                </tbody>
              </table>
            </div>
          </details>
        </>
      );
    }
  }
  return (
    <section className="card stack dash-chart-card" aria-labelledby={id} data-chart={item.metric}>
      <h3 id={id}>{title}</h3>
      {body}
    </section>
  );
}

type Built =
  | { unavailable: true }
  | { error: unknown }
  | { type: "bar" | "line"; labels: string[]; series: Series[]; table: TableSpec; yMax?: number; format?: (n: number) => string; note?: string };

function buildChart(metric: string, f: Figures, fmt: Formats, dt: ReturnType<typeof useDashT>["dt"], cinemaId?: string): Built {
  const pct = (n: number) => `${n}%`;
  const fillTable = (items: FillRateItem[], first: string): Built => ({
    type: "bar",
    labels: items.map((i) => i.label),
    series: [{ label: dt("col.fill"), data: items.map((i) => Math.round(i.fillRate * 1000) / 10) }],
    yMax: 100,
    format: pct,
    table: {
      head: [first, dt("col.screenings"), dt("col.sold"), dt("col.fill")],
      rows: items.map((i) => ({ key: i.key, cells: [i.label, fmt.number(i.screenings), `${i.sold} / ${i.capacity}`, fmt.percent(i.fillRate)] })),
    },
  });
  switch (metric) {
    case "revenue-over-time": {
      const t = f.revenueDay.data;
      if (!t) return { error: f.revenueDay.error };
      const s = revenueSeries(t);
      return {
        type: s.days.length > 1 ? "line" : "bar",
        labels: s.days,
        series: s.currencies.map((c) => ({ label: `${dt("col.net")} (${c})`, data: s.net[c].map((v) => fmt.major(v, c)) })),
        table: {
          head: [dt("col.day"), dt("col.currency"), dt("col.net")],
          rows: s.days.flatMap((d, i) => s.currencies.filter((c) => t.rows.some((r) => r[0] === d && r[1] === c)).map((c) => ({ key: d + c, cells: [d, c, fmt.money(s.net[c][i], c)] }))),
        },
        note: filtered(t, cinemaId) ? undefined : dt("revenue.allCinemasChart"),
      };
    }
    case "fill-rate-by-film":
      return f.fillFilm.data ? fillTable(f.fillFilm.data.items, dt("col.film")) : { error: f.fillFilm.error };
    case "fill-rate-by-auditorium":
      return f.fillAuditorium.data ? fillTable(f.fillAuditorium.data.items, dt("col.auditorium")) : { error: f.fillAuditorium.error };
    case "fill-rate-by-weekday": {
      if (!f.fillDay.data) return { error: f.fillDay.error };
      const days = byWeekday(f.fillDay.data.items);
      const items = days.every((d) => d.screenings === 0) ? [] : days.map((d) => ({ ...d, key: String(d.weekday), label: fmt.weekday(d.weekday) }));
      return fillTable(items, dt("col.weekday"));
    }
    case "sales-by-hours-before": {
      const p = f.leadTime;
      if (p.error instanceof ApiProblem && (p.error.status === 404 || p.error.status === 405)) return { unavailable: true };
      if (!p.data) return p.error ? { error: p.error } : { unavailable: true };
      const items = p.data.items.some((i) => i.tickets > 0) ? p.data.items : [];
      return {
        type: "bar",
        labels: items.map((i) => i.label),
        series: [{ label: dt("col.tickets"), data: items.map((i) => i.tickets) }],
        table: {
          head: [dt("col.leadTime"), dt("col.bookings"), dt("col.tickets")],
          rows: items.map((i) => ({ key: i.key, cells: [i.label, fmt.number(i.bookings), fmt.number(i.tickets)] })),
        },
      };
    }
    default:
      return { unavailable: true };
  }
}

function Exports({ sales, screenings, cinemaId, rangeText }: { sales: Range; screenings: Range; cinemaId?: string; rangeText: string }) {
  const { dt } = useDashT();
  const toast = useToast();
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const files = reportFiles(sales, screenings, cinemaId);
  const get = async (file: ReportFile, format: "csv" | "pdf") => {
    setBusy(file.key + format);
    setError(null);
    const name = exportName(file.key, file.key.startsWith("fill") ? screenings : sales, format);
    try {
      await download(file, format, name);
      toast(dt("downloaded", { file: name }), "success");
    } catch (e) {
      setError(e);
    } finally {
      setBusy(null);
    }
  };
  return (
    <section className="card stack section" aria-labelledby="dash-exports">
      <h2 id="dash-exports">{dt("exports")}</h2>
      <p className="muted">{dt("exportsHint", { range: rangeText })}</p>
      {error ? <ErrorMessage error={error} /> : null}
      <div className="table-wrap">
        <table className="pref-table">
          <thead><tr><th scope="col">{dt("report")}</th><th scope="col">{dt("files")}</th></tr></thead>
          <tbody>
            {files.map((file) => {
              const report = dt(`export.${file.key}` as DashKey);
              return (
                <tr key={file.key}>
                  <th scope="row">{report}</th>
                  <td>
                    <span className="dash-files">
                      {(["csv", "pdf"] as const).map((format) => (
                        <button key={format} type="button" className="button secondary small" disabled={busy === file.key + format}
                          aria-label={dt("download", { report, format: format.toUpperCase() })} onClick={() => get(file, format)}>
                          {format.toUpperCase()}
                        </button>
                      ))}
                    </span>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </section>
  );
}
