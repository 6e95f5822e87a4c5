// A payment's timeline (pure, unit-tested): the API's own (GET /payments/{id}/timeline) when it answers,
// otherwise rebuilt from what the payment, its invoices/credit notes and the fraud signals already say.

export interface TimelineItem {
  at: string;
  kind: string;
  summary: string;
  details?: Record<string, unknown>;
}

interface PaymentLike {
  id: string;
  status: string;
  amount: number;
  currency: string;
  createdAt: string;
  provider: string;
  discount?: number;
  promoCode?: string;
  failureReason?: string;
}

interface InvoiceLike {
  id: string;
  number: string;
  kind: "invoice" | "credit_note";
  paymentId: string;
  total: number;
  currency: string;
  issuedAt: string;
  lines?: { description: string; amount: number }[];
}

interface SignalLike {
  createdAt: string;
  rule: string;
  action: string;
  detail: string;
}

export interface RecordedRefund {
  at: string;
  amount: number;
  currency: string;
  reason: string;
  covers: string;
}

/** Words of the rebuilt items; `money` formats minor units. */
export interface TimelineWords {
  created: (provider: string, amount: string) => string;
  succeeded: string;
  failed: (reason: string) => string;
  pending: string;
  refund: (amount: string, reason: string) => string;
  creditNote: (number: string, amount: string) => string;
  invoice: (number: string, amount: string) => string;
  fraud: (rule: string, action: string) => string;
  money: (minor: number, currency: string) => string;
}

export function buildTimeline(
  payment: PaymentLike,
  invoices: InvoiceLike[],
  signals: SignalLike[],
  refunds: RecordedRefund[],
  w: TimelineWords,
): TimelineItem[] {
  const items: TimelineItem[] = [];
  for (const s of signals) items.push({ at: s.createdAt, kind: "fraud", summary: w.fraud(s.rule, s.action), details: { detail: s.detail } });
  const details: Record<string, unknown> = { provider: payment.provider };
  if (payment.promoCode) details.promoCode = payment.promoCode;
  if (payment.discount) details.discount = w.money(payment.discount, payment.currency);
  items.push({ at: payment.createdAt, kind: "created", summary: w.created(payment.provider, w.money(payment.amount, payment.currency)), details });
  if (payment.status === "failed") {
    items.push({ at: payment.createdAt, kind: "failed", summary: w.failed(payment.failureReason ?? "") });
  } else if (payment.status === "requires_action") {
    items.push({ at: payment.createdAt, kind: "3ds", summary: w.pending });
  } else {
    items.push({ at: payment.createdAt, kind: "succeeded", summary: w.succeeded });
  }
  const own = invoices.filter((i) => i.paymentId.toLowerCase() === payment.id.toLowerCase());
  for (const inv of own) {
    if (inv.kind === "invoice") {
      items.push({ at: inv.issuedAt, kind: "invoice", summary: w.invoice(inv.number, w.money(inv.total, inv.currency)), details: { invoiceId: inv.id } });
    } else {
      items.push({
        at: inv.issuedAt, kind: "refund", summary: w.creditNote(inv.number, w.money(Math.abs(inv.total), inv.currency)),
        details: { invoiceId: inv.id, lines: (inv.lines ?? []).map((l) => l.description).join(", ") },
      });
    }
  }
  // Refunds made from this page (the API's answer carries the reason a credit note does not).
  for (const r of refunds) {
    items.push({ at: r.at, kind: "refund", summary: w.refund(w.money(r.amount, r.currency), r.reason), details: { covers: r.covers } });
  }
  return sortTimeline(items);
}

const order: Record<string, number> = { fraud: 0, created: 1, attempt: 2, "3ds": 3, webhook: 4, failed: 5, succeeded: 5, invoice: 6, refund: 7 };

/** Oldest first; at the same instant, in the order a payment lives them (created, then succeeded, then its invoice). */
export function sortTimeline(items: TimelineItem[]): TimelineItem[] {
  return items
    .map((item, i) => ({ item, i }))
    .sort((a, b) => {
      const t = Date.parse(a.item.at) - Date.parse(b.item.at);
      if (t !== 0 && !Number.isNaN(t)) return t;
      return (order[a.item.kind] ?? 9) - (order[b.item.kind] ?? 9) || a.i - b.i;
    })
    .map((x) => x.item);
}

/** A refund in minor units from what a person typed ("5", "5.50", "5,5"); null when it is not an amount. */
export function parseAmount(text: string, digits = 2): number | null {
  const t = text.trim().replace(",", ".");
  if (!/^\d+(\.\d+)?$/.test(t)) return null;
  const [whole, frac = ""] = t.split(".");
  if (frac.length > digits) return null;
  return Number(whole) * 10 ** digits + Number((frac + "0".repeat(digits)).slice(0, digits) || "0");
}

/** What is left to refund: the amount paid less the credit notes already issued for this payment. */
export function remainingToRefund(payment: { id: string; amount: number; status: string }, invoices: InvoiceLike[]): number {
  if (payment.status === "refunded" || payment.status === "failed" || payment.status === "requires_action") return 0;
  const refunded = invoices
    .filter((i) => i.kind === "credit_note" && i.paymentId.toLowerCase() === payment.id.toLowerCase())
    .reduce((sum, i) => sum + Math.abs(i.total), 0);
  return Math.max(0, payment.amount - refunded);
}

/** The start (00:00) or end (next day's 00:00) of a local day "YYYY-MM-DD" as an ISO instant; undefined when empty. */
export function dayBound(day: string | undefined, end: boolean): string | undefined {
  if (!day || !/^\d{4}-\d{2}-\d{2}$/.test(day)) return undefined;
  const [y, m, d] = day.split("-").map(Number);
  return new Date(y, m - 1, d + (end ? 1 : 0)).toISOString();
}
