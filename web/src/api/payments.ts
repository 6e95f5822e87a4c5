import { api } from "./instance";
import type { CancellationQuote, CheckoutAnswer, Invoice, Page, Payment, PromoCheck } from "./types";

const P = "/api/payments";
const id = encodeURIComponent;

export interface CheckoutBody {
  bookingId: string;
  provider: "simulated" | "stripe" | "paypal";
  paymentMethod: string;
  promoCode?: string;
}

export const paymentsApi = {
  checkout: (body: CheckoutBody, idempotencyKey: string) =>
    api.post<CheckoutAnswer>(`${P}/checkouts`, body, { idempotencyKey }),
  payment: (paymentId: string) => api.get<Payment>(`${P}/payments/${id(paymentId)}`),
  confirm: (paymentId: string) => api.post<Payment>(`${P}/payments/${id(paymentId)}/confirm`),
  myPayments: () => api.get<Page<Payment>>(`${P}/me/payments`, { limit: 100 }),
  /** The caller's invoices and credit notes; with `bookingId`, those of that booking only. */
  invoices: (bookingId?: string) => api.get<Page<Invoice>>(`${P}/invoices`, { limit: 100, bookingId }),
  /** The providers this installation is configured for (public). */
  providers: () => api.get<Page<{ name: CheckoutBody["provider"] }>>(`${P}/providers`),
  /** The discount a promo code gives the held booking now (nothing reserved), or its refusal problem. */
  checkPromo: (code: string, bookingId: string) => api.post<PromoCheck>(`${P}/promo-codes/check`, { code, bookingId }),
  cancellationQuote: (bookingId: string) => api.get<CancellationQuote>(`${P}/cancellation-quote`, { bookingId }),
  invoicePdf: (invoiceId: string) => api.get<Blob>(`${P}/invoices/${id(invoiceId)}/pdf`, undefined, { as: "blob" }),
};
