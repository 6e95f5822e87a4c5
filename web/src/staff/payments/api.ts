// Payments, refunds, fraud signals and the payment timeline for staff (payments service), on the app's one client.
import { api } from "../../api/instance";
import { ApiProblem } from "../../api/problem";
import type { Page, Payment, PaymentStatus } from "../../api/types";
import type { TimelineItem } from "./timeline";

const id = encodeURIComponent;

export type StaffPayment = Payment & { userId: string; filmId?: string };

export const paymentStatuses: PaymentStatus[] = ["requires_action", "succeeded", "failed", "partially_refunded", "refunded"];

export interface PaymentSearch {
  status?: string;
  from?: string;
  to?: string;
  userId?: string;
  filmId?: string;
  cursor?: string;
}

export interface StaffInvoice {
  id: string;
  number: string;
  kind: "invoice" | "credit_note";
  paymentId: string;
  total: number;
  currency: string;
  issuedAt: string;
  relatesTo?: string;
  lines: { description: string; amount: number }[];
}

export interface Refund {
  id: string;
  amount: number;
  fee: number;
  currency: string;
  covers: "booking" | "seats" | "goodwill";
  reason: string;
  seatIds: string[];
  paymentId: string;
  paymentStatus: PaymentStatus;
}

export interface RefundRequest {
  reason: string;
  amount?: number;
  goodwill?: boolean;
  seatIds?: string[];
}

export interface FraudSignal {
  id: string;
  action: "blocked" | "authentication-required";
  bookingId: string;
  userId: string;
  clientAddress: string;
  createdAt: string;
  detail: string;
  rule: string;
  reviewedAt?: string;
  decision?: string;
}

export interface StaffBooking {
  id: string;
  filmId?: string;
  filmTitle?: string;
  cinemaName?: string;
  auditoriumName?: string;
  startsAt?: string;
  status: string;
  seats?: { seatId: string; row: string; number: number; price?: number; audience?: string }[];
}

/** An endpoint that does not exist yet (the gateway's or the service's 404 "No resource", or 405). */
export function isMissingEndpoint(e: unknown): boolean {
  return e instanceof ApiProblem && (e.status === 405 || (e.status === 404 && (e.code === "not-found" || e.code === undefined) && /no resource|not found/i.test(e.detail ?? e.title)));
}

type OpenApi = { paths?: Record<string, Record<string, { parameters?: { name: string; in: string }[]; requestBody?: unknown }>> };
const documents = new Map<string, Promise<OpenApi>>();

/** A service's OpenAPI document, once per page load (to offer a filter or action only once the API has it). */
export function openApi(service: string): Promise<OpenApi> {
  let doc = documents.get(service);
  if (!doc) {
    doc = api.get<OpenApi>(`/api/${service}/openapi.json`).catch(() => ({}) as OpenApi);
    documents.set(service, doc);
  }
  return doc;
}

export async function hasQueryParam(service: string, path: string, name: string): Promise<boolean> {
  const doc = await openApi(service);
  return Boolean(doc.paths?.[path]?.get?.parameters?.some((p) => p.in === "query" && p.name === name));
}

export async function hasOperation(service: string, path: string, method: string): Promise<boolean> {
  const doc = await openApi(service);
  return Boolean(doc.paths?.[path]?.[method]);
}

export const paymentsApi = {
  search: (q: PaymentSearch, signal?: AbortSignal) =>
    api.get<Page<StaffPayment>>("/api/payments/payments", { limit: 25, ...q }, { signal }),
  payment: (paymentId: string, signal?: AbortSignal) => api.get<StaffPayment>(`/api/payments/payments/${id(paymentId)}`, undefined, { signal }),
  timeline: (paymentId: string, signal?: AbortSignal) =>
    api.get<{ items: TimelineItem[] }>(`/api/payments/payments/${id(paymentId)}/timeline`, undefined, { signal }),
  invoices: (bookingId: string, signal?: AbortSignal) =>
    api.get<Page<StaffInvoice>>("/api/payments/invoices", { all: true, bookingId }, { signal }),
  booking: (bookingId: string, signal?: AbortSignal) =>
    api.get<StaffBooking>(`/api/scheduling/bookings/${id(bookingId)}`, undefined, { signal }),
  refund: (paymentId: string, body: RefundRequest, idempotencyKey: string) =>
    api.request<Refund>("POST", `/api/payments/payments/${id(paymentId)}/refunds`, { body, idempotencyKey }),
  fraudSignals: (cursor?: string, signal?: AbortSignal) =>
    api.get<Page<FraudSignal>>("/api/payments/fraud-signals", { cursor, limit: 50 }, { signal }),
  reviewSignal: (signalId: string, decision: "legitimate" | "fraud") =>
    api.post<FraudSignal>(`/api/payments/fraud-signals/${id(signalId)}/review`, { decision }),
};
