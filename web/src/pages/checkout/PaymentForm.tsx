import { FormEvent, useEffect, useRef, useState } from "react";
import { CheckoutBody, paymentsApi } from "../../api/payments";
import { ApiProblem } from "../../api/problem";
import type { Booking, CheckoutAnswer } from "../../api/types";
import { ErrorMessage, problemLine } from "../../components/ErrorMessage";
import { Field } from "../../components/Field";
import { useI18n } from "../../i18n/i18n";
import { attemptKey, forgetAttempt } from "../../lib/idempotency";
import { Challenge } from "./Challenge";
import { checkoutWithRetry, checkPromoWithRetry, declineMessageKey, finishBooking, rememberPendingPayment } from "./checkoutFlow";

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

/** The providers this installation offers (simulated until the answer: it is always configured). */
function useProviders(): Set<string> {
  const [names, setNames] = useState<Set<string>>(() => new Set(["simulated"]));
  useEffect(() => {
    let alive = true;
    paymentsApi.providers().then(
      (page) => alive && setNames(new Set(page.items.map((p) => p.name))),
      () => undefined,
    );
    return () => {
      alive = false;
    };
  }, []);
  return names;
}

/**
 * Promo code (checked before paying: the summary shows its discount), the methods of the configured
 * providers, Pay: one idempotency key per attempt (a double click or a reload never pays twice).
 */
export function PaymentForm({ booking, onDiscount }: { booking: Booking; onDiscount: (n: number) => void }) {
  const { t } = useI18n();
  const providers = useProviders();
  const offered = methods.filter((m) => providers.has(m.provider));
  const [chosen, setMethod] = useState(methods[0]);
  const method = offered.includes(chosen) ? chosen : offered[0] ?? methods[0];
  const [promo, setPromo] = useState("");
  const [promoState, setPromoState] = useState<{ applied?: string; refusal?: string }>({});
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
      if (err instanceof ApiProblem && err.fieldMessage("promoCode")) {
        onDiscount(0);
        setPromoState({ refusal: problemLine(err, t) });
      }
      setError(err);
    } finally {
      inFlight.current = false;
      setBusy(false);
    }
  };

  const applyPromo = async () => {
    const code = promo.trim();
    if (!code) return;
    try {
      const checked = await checkPromoWithRetry(code, booking.id);
      onDiscount(checked.discount);
      setPromoState({ applied: checked.code });
    } catch (err) {
      onDiscount(0);
      setPromoState({ refusal: problemLine(err, t) });
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
      <div className="promo-row">
        <Field label={t("checkout.promo")} value={promo} autoComplete="off" hint={t("checkout.promoHint")}
          onChange={(e) => {
            setPromo(e.target.value);
            if (promoState.applied || promoState.refusal) {
              setPromoState({});
              onDiscount(0);
            }
          }}
          onKeyDown={(e) => {
            if (e.key === "Enter") {
              e.preventDefault();
              void applyPromo();
            }
          }}
          error={promoState.refusal} />
        <button type="button" className="button secondary" disabled={!promo.trim()} onClick={applyPromo}>{t("checkout.promoApply")}</button>
      </div>
      {promoState.applied && <p role="status" className="hint">{t("checkout.promoApplied", { code: promoState.applied })}</p>}
      <fieldset>
        <legend>{t("checkout.method")}</legend>
        <div className="methods">
          {offered.map((m) => (
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
