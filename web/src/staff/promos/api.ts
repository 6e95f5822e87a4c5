// Promo codes for staff (payments service): list, create, pause/resume, usage.
import { api } from "../../api/instance";
import type { Page } from "../../api/types";
import { openApi } from "../payments/api";
import type { PromoBody } from "./promoForm";

const id = encodeURIComponent;

export interface PromoCode extends PromoBody {
  redeemed?: number;
  status?: string;
  paused?: boolean;
}

export interface Report {
  columns: string[];
  rows: (string | number)[][];
}

export interface PromoCapabilities {
  /** "post": POST /promo-codes/{code}/pause|resume; "patch": PATCH /promo-codes/{code} {status}; null: none yet. */
  pause: "post" | "patch" | null;
  cinemaIds: boolean;
  redemptions: boolean;
}

/** What the payments API offers for promo codes beyond the list and the creation (read from its OpenAPI). */
export async function promoCapabilities(): Promise<PromoCapabilities> {
  const doc = await openApi("payments");
  const paths = Object.entries(doc.paths ?? {});
  const pause = paths.some(([p, ops]) => /^\/promo-codes\/\{[^}]+\}\/pause$/.test(p) && ops.post)
    ? "post"
    : paths.some(([p, ops]) => /^\/promo-codes\/\{[^}]+\}$/.test(p) && ops.patch) ? "patch" : null;
  const create = doc.paths?.["/promo-codes"]?.post?.requestBody as
    { content?: Record<string, { schema?: { properties?: Record<string, unknown> } }> } | undefined;
  const cinemaIds = Boolean(create?.content?.["application/json"]?.schema?.properties?.cinemaIds);
  const redemptions = paths.some(([p, ops]) => /^\/promo-codes\/\{[^}]+\}\/redemptions$/.test(p) && ops.get);
  return { pause, cinemaIds, redemptions };
}

export interface Redemption {
  paymentId?: string;
  bookingId?: string;
  userId?: string;
  discount?: number;
  currency?: string;
  redeemedAt?: string;
  status?: string;
}

export const promosApi = {
  list: (signal?: AbortSignal) => api.get<Page<PromoCode>>("/api/payments/promo-codes", undefined, { signal }),
  create: (body: PromoBody) => api.post<PromoCode>("/api/payments/promo-codes", body),
  setPaused: (code: string, paused: boolean, how: "post" | "patch") =>
    how === "post"
      ? api.post<PromoCode>(`/api/payments/promo-codes/${id(code)}/${paused ? "pause" : "resume"}`)
      : api.patch<PromoCode>(`/api/payments/promo-codes/${id(code)}`, { status: paused ? "paused" : "active" }),
  report: (from: string | undefined, to: string | undefined, signal?: AbortSignal) =>
    api.get<Report>("/api/payments/reports/promos", { from, to }, { signal }),
  redemptions: (code: string, signal?: AbortSignal) =>
    api.get<Page<Redemption>>(`/api/payments/promo-codes/${id(code)}/redemptions`, undefined, { signal }),
};
