// The dashboard's API calls: the payments reports, scheduling's fill rates, the saved layout, and
// report downloads (CSV/PDF, fetched with the Bearer token, then saved from a blob URL).
import { api } from "../../api/instance";
import { iso, Layout, FillRateItem, Range, ReportTable } from "./kpi";

type Query = Record<string, string | undefined>;
const span = (r: Range): Query => ({ from: iso(r.from), to: iso(r.to) });

export type RevenueBy = "day" | "film" | "cinema" | "currency";
export type FillBy = "screening" | "film" | "auditorium" | "day";

export const dashApi = {
  layout: () => api.get<Layout>("/api/auth/me/dashboard"),
  saveLayout: (layout: Layout) => api.put<Layout>("/api/auth/me/dashboard", layout),
  revenue: (by: RevenueBy, range: Range, cinemaId?: string, signal?: AbortSignal) =>
    api.get<ReportTable>("/api/payments/reports/revenue", { by, cinemaId, ...span(range) }, { signal }),
  refunds: (range: Range, cinemaId?: string, signal?: AbortSignal) =>
    api.get<ReportTable>("/api/payments/reports/refunds", { cinemaId, ...span(range) }, { signal }),
  promos: (range: Range, cinemaId?: string, signal?: AbortSignal) =>
    api.get<ReportTable>("/api/payments/reports/promos", { cinemaId, ...span(range) }, { signal }),
  fillRates: (by: FillBy, range: Range, cinemaId?: string, signal?: AbortSignal) =>
    api.get<{ items: FillRateItem[] }>("/api/scheduling/stats/fill-rates", { by, cinemaId, ...span(range) }, { signal }),
};

/** A downloadable report: its path and query (without `format`). */
export interface ReportFile { key: string; path: string; query: Query }

export function reportFiles(sales: Range, screenings: Range, cinemaId?: string): ReportFile[] {
  const pay = "/api/payments/reports/";
  const fill = "/api/scheduling/stats/fill-rates";
  return [
    ...(["day", "film", "cinema", "currency"] as const).map((by) => ({ key: `revenue-${by}`, path: pay + "revenue", query: { by, cinemaId, ...span(sales) } })),
    { key: "refunds", path: pay + "refunds", query: { cinemaId, ...span(sales) } },
    { key: "promos", path: pay + "promos", query: { cinemaId, ...span(sales) } },
    { key: "lead-time", path: "/api/scheduling/stats/sales-lead-time", query: { cinemaId, ...span(sales) } },
    ...(["film", "auditorium", "day", "screening"] as const).map((by) => ({ key: `fill-${by}`, path: fill, query: { by, cinemaId, ...span(screenings) } })),
  ];
}

/** Fetches the file with the session's token (a plain link would go without it) and saves it. */
export async function download(file: ReportFile, format: "csv" | "pdf", name: string): Promise<void> {
  const blob = await api.get<Blob>(file.path, { ...file.query, format }, { as: "blob" });
  const url = URL.createObjectURL(blob);
  const a = document.createElement("a");
  a.href = url;
  a.download = name;
  document.body.appendChild(a);
  a.click();
  a.remove();
  window.setTimeout(() => URL.revokeObjectURL(url), 10000);
}
