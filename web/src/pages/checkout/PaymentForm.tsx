import { FormEvent, useRef, useState } from "react";
import type { CheckoutBody } from "../../api/payments";
import type { Booking, CheckoutAnswer } from "../../api/types";
import { ErrorMessage } from "../../components/ErrorMessage";
import { Field } from "../../components/Field";
import { useI18n } from "../../i18n/i18n";
import { attemptKey, forgetAttempt } from "../../lib/idempotency";
import { Challenge } from "./Challenge";
import { checkoutWithRetry, declineMessageKey, finishBooking, rememberPendingPayment } from "./checkoutFlow";

interface Method {
  id: string;
  provider: CheckoutBody["provider"];
  token: string;
  label: "checkout.method.visa" | "checkout.method.3ds" | "checkout.method.declined" | "checkout.method.funds" | "checkout.method.paypal";
}

const methods: Method[] = [
  { id: "visa", provider: "simulated", token: "tok_visa", label: "checkout.method.visa" },
  { id: "3ds", provider: "simulated", token: "tok_3ds", label: "checkout.method.3ds" },
  { id: "declined", provider: "simulated", token: "tok_declined", label: "checkout.method.declined" },
  { id: "funds", provider: "simulated", token: "tok_insufficient_funds", label: "checkout.method.funds" },
  { id: "paypal", provider: "paypal", token: "paypal", label: "checkout.method.paypal" },
];

/** Promo code, method, Pay: one idempotency key per attempt (a double click or a reload never pays twice). */
export function PaymentForm({ booking, onDiscount }: { booking: Booking; onDiscount: (n: number) => void }) {
  const { t } = useI18n();
  const [method, setMethod] = useState(methods[0]);
  const [promo, setPromo] = useState("");
  const [error, setError] = useState<unknown>(null);
  const [declined, setDeclined] = useState<string | null>(null);
  const [challenge, setChallenge] = useState<CheckoutAnswer | null>(null);
  const [busy, setBusy] = useState(false);
  const inFlight = useRef(false);

  const pay = async (e: FormEvent) => {
    e.preventDefault();
    if (inFlight.current) return;
    inFlight.current = true;
    setBusy(true);
    setError(null);
    setDeclined(null);
    const body: CheckoutBody = { bookingId: booking.id, provider: method.provider, paymentMethod: method.token, promoCode: promo.trim() || undefined };
    try {
      const key = attemptKey(sessionStorage, booking.id, body);
      const answer = await checkoutWithRetry(body, key);
      onDiscount(answer.discount ?? 0);
      await handle(answer);
    } catch (err) {
      setError(err);
    } finally {
      inFlight.current = false;
      setBusy(false);
    }
  };

  const handle = async (answer: CheckoutAnswer) => {
    if (answer.status === "succeeded") {
      forgetAttempt(sessionStorage, booking.id);
      await finishBooking(booking.id);
    } else if (answer.status === "requires_action") {
      if (method.provider === "simulated" || !answer.nextAction?.url) setChallenge(answer);
      else {
        rememberPendingPayment(answer.paymentId, booking.id);
        window.location.assign(answer.nextAction.url);
      }
    } else {
      forgetAttempt(sessionStorage, booking.id);
      setDeclined(t(declineMessageKey(answer.failureReason)));
    }
  };

  if (challenge) {
    return <Challenge answer={challenge} bookingId={booking.id} onCancel={() => setChallenge(null)} />;
  }
  return (
    <form onSubmit={pay} className="stack" noValidate>
      <Field label={t("checkout.promo")} value={promo} onChange={(e) => setPromo(e.target.value)} autoComplete="off" hint={t("checkout.promoHint")} />
      <fieldset>
        <legend>{t("checkout.method")}</legend>
        <div className="methods">
          {methods.map((m) => (
            <label key={m.id} className="method">
              <input type="radio" name="method" value={m.id} checked={method.id === m.id} onChange={() => setMethod(m)} />
              {t(m.label)}
            </label>
          ))}
        </div>
        <p className="hint">{t("checkout.testCards")}</p>
      </fieldset>
      {declined && (
        <div className="problem" role="alert">
          <h3 className="problem-title">{t("checkout.declinedTitle")}</h3>
          <p>{declined}</p>
        </div>
      )}
      {error ? <ErrorMessage error={error} /> : null}
      <button type="submit" className="button" disabled={busy} aria-busy={busy}>
        {busy ? t("checkout.paying") : t("checkout.pay")}
      </button>
    </form>
  );
}
