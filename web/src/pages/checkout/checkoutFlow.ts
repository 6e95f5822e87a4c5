// The steps around a checkout: retry while the hold has not reached payments yet, wait for the booking's
// confirmation (the saga is asynchronous), remember a payment that left for the provider's page.
import { CheckoutBody, paymentsApi } from "../../api/payments";
import { isProblem } from "../../api/problem";
import { schedulingApi } from "../../api/scheduling";
import type { CheckoutAnswer, PromoCheck } from "../../api/types";
import { navigate } from "../../app/navigation";
import type { MessageKey } from "../../i18n/i18n";

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export function checkoutWithRetry(body: CheckoutBody, key: string): Promise<CheckoutAnswer> {
  return whenBookingReady(() => paymentsApi.checkout(body, key));
}

/** A promo code checked against the held booking, retried while the hold has not reached payments. */
export function checkPromoWithRetry(code: string, bookingId: string): Promise<PromoCheck> {
  return whenBookingReady(() => paymentsApi.checkPromo(code, bookingId));
}

async function whenBookingReady<T>(call: () => Promise<T>): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await call();
    } catch (e) {
      if (attempt < 8 && isProblem(e, "booking-not-ready")) {
        await sleep((e.retryAfter ?? 1) * 1000);
        continue;
      }
      throw e;
    }
  }
}

/** Waits (up to ~30 s) for scheduling to confirm the paid booking, then shows it with its tickets. */
export async function finishBooking(bookingId: string): Promise<void> {
  for (let i = 0; i < 30; i++) {
    try {
      const booking = await schedulingApi.booking(bookingId);
      if (booking.status === "confirmed" && (booking.tickets?.length ?? 0) > 0) break;
    } catch {
      /* keep waiting */
    }
    await sleep(1000);
  }
  navigate(`/bookings/${bookingId}?paid=1`, { replace: true });
}

export function declineMessageKey(reason: string | undefined): MessageKey {
  switch (reason) {
    case "insufficient_funds":
      return "decline.funds";
    case "expired_card":
      return "decline.expired";
    case "authentication_required":
    case "payment_intent_authentication_failure":
      return "decline.authentication";
    default:
      return "decline.generic";
  }
}

const PENDING = "hs-pending-payment";

export function rememberPendingPayment(paymentId: string, bookingId: string): void {
  sessionStorage.setItem(PENDING, JSON.stringify({ paymentId, bookingId }));
}

export function pendingPayment(): { paymentId: string; bookingId: string } | null {
  try {
    return JSON.parse(sessionStorage.getItem(PENDING) ?? "null") as { paymentId: string; bookingId: string } | null;
  } catch {
    return null;
  }
}

export function forgetPendingPayment(): void {
  sessionStorage.removeItem(PENDING);
}
