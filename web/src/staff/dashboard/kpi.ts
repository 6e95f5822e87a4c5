// Pure logic of the dashboard (no React, no DOM): periods as date ranges, report tables summed by
// currency, fill rates by weekday, upcoming screenings at risk or sold out. Unit-tested in
// web/test/dashboard-kpi.test.mjs.

export const periods = ["today", "week", "month", "quarter", "year", "last-7-days", "last-30-days"] as const;
export type Period = (typeof periods)[number];

export const cardMetrics = ["revenue", "tickets-sold", "average-basket", "fill-rate", "refunds", "promo-usage", "screenings-at-risk", "sold-out"] as const;
export type CardMetric = (typeof cardMetrics)[number];

export const chartMetrics = ["revenue-over-time", "fill-rate-by-film", "fill-rate-by-auditorium", "fill-rate-by-weekday", "sales-by-hours-before"] as const;
export type ChartMetric = (typeof chartMetrics)[number];

/** One item of the saved layout (GET/PUT /api/auth/me/dashboard). */
export interface LayoutItem { id: string; kind: "card" | "chart"; metric: string; period?: string; cinemaId?: string; view?: string; width?: number }
export interface Layout { period: string; cinemaId?: string; items: LayoutItem[]; updatedAt?: string }

/** A report of payments: named columns and rows (amounts in minor units of the row's currency). */
export interface ReportTable { columns: string[]; rows: (string | number)[][]; cinemaId?: string }

export interface FillRateItem { key: string; label: string; screenings: number; capacity: number; sold: number; fillRate: number }

/** A screening below this fill rate, starting within `upcomingDays`, is "at risk". */
export const atRiskBelow = 0.2;
export const upcomingDays = 7;

export interface Range { from: Date; to: Date }

function startOfDay(d: Date): Date {
  return new Date(d.getFullYear(), d.getMonth(), d.getDate());
}

function addDays(d: Date, n: number): Date {
  return new Date(d.getFullYear(), d.getMonth(), d.getDate() + n, d.getHours(), d.getMinutes(), d.getSeconds(), d.getMilliseconds());
}

/** The period's first day (local time) and natural end (end of the day, ISO week, month, quarter or
 *  year; for the rolling periods, now). `sales` ranges end now (plus a minute: the reports' `to` is
 *  exclusive); `screenings` ranges end at the period's natural end, so that the fill rate counts the
 *  screenings of the whole day, week or month sold so far. */
export function periodRange(period: string, now: Date, kind: "sales" | "screenings" = "sales"): Range {
  const today = startOfDay(now);
  let from: Date;
  let end: Date;
  switch (period) {
    case "today":
      from = today;
      end = addDays(today, 1);
      break;
    case "week": {
      const monday = addDays(today, -((today.getDay() + 6) % 7));
      from = monday;
      end = addDays(monday, 7);
      break;
    }
    case "month":
      from = new Date(now.getFullYear(), now.getMonth(), 1);
      end = new Date(now.getFullYear(), now.getMonth() + 1, 1);
      break;
    case "quarter": {
      const q = Math.floor(now.getMonth() / 3) * 3;
      from = new Date(now.getFullYear(), q, 1);
      end = new Date(now.getFullYear(), q + 3, 1);
      break;
    }
    case "year":
      from = new Date(now.getFullYear(), 0, 1);
      end = new Date(now.getFullYear() + 1, 0, 1);
      break;
    case "last-7-days":
      from = addDays(now, -7);
      end = now;
      break;
    default: // last-30-days
      from = addDays(now, -30);
      end = now;
  }
  const to = kind === "sales" ? new Date(now.getTime() + 60_000) : end.getTime() > now.getTime() ? end : new Date(now.getTime() + 60_000);
  return { from, to };
}

/** ISO 8601 without milliseconds, as the services parse it. */
export function iso(d: Date): string {
  return d.toISOString().replace(/\.\d{3}Z$/, "Z");
}

/** The column's index, or -1. */
export function col(table: ReportTable, name: string): number {
  return table.columns.indexOf(name);
}

/** Rows kept by `keep` (all when absent): the named integer columns summed per currency. */
export function sumByCurrency(
  table: ReportTable,
  fields: string[],
  keep?: (row: (string | number)[]) => boolean,
): Record<string, Record<string, number>> {
  const c = col(table, "currency");
  const out: Record<string, Record<string, number>> = {};
  for (const row of table.rows) {
    if (keep && !keep(row)) continue;
    const currency = c >= 0 ? String(row[c]) : "?";
    const acc = (out[currency] ??= Object.fromEntries(fields.map((f) => [f, 0])));
    for (const f of fields) {
      const i = col(table, f);
      if (i >= 0) acc[f] += Number(row[i]) || 0;
    }
  }
  return out;
}

/** A keep-function for the rows of `table`'s group column `column` equal to `value` (when given). */
export function rowsWhere(table: ReportTable, column: string, value: string | undefined) {
  const i = col(table, column);
  return value === undefined || i < 0 ? undefined : (row: (string | number)[]) => String(row[i]) === value;
}

/** Revenue by day as series: the sorted days, and one net-amount series per currency. */
export function revenueSeries(table: ReportTable): { days: string[]; currencies: string[]; net: Record<string, number[]> } {
  const d = col(table, "day");
  const c = col(table, "currency");
  const n = col(table, "net");
  const days = [...new Set(table.rows.map((r) => String(r[d])))].sort();
  const currencies = [...new Set(table.rows.map((r) => String(r[c])))].sort();
  const net: Record<string, number[]> = Object.fromEntries(currencies.map((cur) => [cur, days.map(() => 0)]));
  for (const row of table.rows) net[String(row[c])][days.indexOf(String(row[d]))] += Number(row[n]) || 0;
  return { days, currencies, net };
}

/** Totals of fill-rate items: screenings, capacity, sold and the overall rate. */
export function totalFill(items: FillRateItem[]): { screenings: number; capacity: number; sold: number; fillRate: number } {
  const screenings = items.reduce((s, i) => s + i.screenings, 0);
  const capacity = items.reduce((s, i) => s + i.capacity, 0);
  const sold = items.reduce((s, i) => s + i.sold, 0);
  return { screenings, capacity, sold, fillRate: capacity ? sold / capacity : 0 };
}

/** Fill rates by day ("YYYY-MM-DD" keys) folded into weekdays, Monday (0) to Sunday (6). */
export function byWeekday(days: FillRateItem[]): { weekday: number; screenings: number; capacity: number; sold: number; fillRate: number }[] {
  const out = Array.from({ length: 7 }, (_, weekday) => ({ weekday, screenings: 0, capacity: 0, sold: 0, fillRate: 0 }));
  for (const item of days) {
    const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(item.key);
    if (!m) continue;
    const weekday = (new Date(Date.UTC(+m[1], +m[2] - 1, +m[3])).getUTCDay() + 6) % 7;
    out[weekday].screenings += item.screenings;
    out[weekday].capacity += item.capacity;
    out[weekday].sold += item.sold;
  }
  for (const w of out) w.fillRate = w.capacity ? w.sold / w.capacity : 0;
  return out;
}

/** Upcoming screenings at risk (below `atRiskBelow`) and sold out, from fill rates by screening. */
export function classify(screenings: FillRateItem[]): { atRisk: FillRateItem[]; soldOut: FillRateItem[] } {
  return {
    atRisk: screenings.filter((s) => s.capacity > 0 && s.sold < s.capacity && s.sold / s.capacity < atRiskBelow),
    soldOut: screenings.filter((s) => s.capacity > 0 && s.sold >= s.capacity),
  };
}

/** The layout to save: the chosen cards and charts in the catalogue's order, keeping each saved
 *  item's own settings (id, per-item period, view, width). */
export function nextLayout(saved: Layout, choice: { period: string; cinemaId: string; cards: string[]; charts: string[] }): Layout {
  const previous = new Map(saved.items.map((i) => [i.kind + ":" + i.metric, i]));
  const pick = (kind: "card" | "chart", metrics: readonly string[], chosen: string[]) =>
    metrics.filter((m) => chosen.includes(m)).map((m): LayoutItem => ({ ...(previous.get(kind + ":" + m) ?? { id: kind + "-" + m, kind, metric: m }) }));
  const items = [...pick("card", cardMetrics, choice.cards), ...pick("chart", chartMetrics, choice.charts)];
  // Item ids must be unique: a saved id may collide with a generated one.
  const seen = new Set<string>();
  for (const item of items) {
    let id = item.id;
    for (let n = 2; seen.has(id); n++) id = item.id + "-" + n;
    seen.add(id);
    if (id !== item.id) item.id = id;
  }
  return { period: choice.period, ...(choice.cinemaId ? { cinemaId: choice.cinemaId } : {}), items };
}

/** A report's file name: homestudio-<report>-<from day>-<to day>.<ext>. */
export function exportName(report: string, range: Range, ext: "csv" | "pdf"): string {
  const day = (d: Date) => iso(d).slice(0, 10);
  return `homestudio-${report}-${day(range.from)}-${day(range.to)}.${ext}`;
}
