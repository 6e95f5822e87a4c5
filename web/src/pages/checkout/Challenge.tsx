import { useEffect, useRef, useState } from "react";
import { paymentsApi } from "../../api/payments";
import type { CheckoutAnswer } from "../../api/types";
import { ErrorMessage } from "../../components/ErrorMessage";
import { useI18n } from "../../i18n/i18n";
import { formatMoney } from "../../lib/money";
import { forgetAttempt } from "../../lib/idempotency";
import { finishBooking } from "./checkoutFlow";

/**
 * The 3-D Secure step. The simulated provider's challenge page does not exist (its URL is
 * simulated.invalid): the bank's question is shown here, then the payment is confirmed with the API.
 */
export function Challenge({ answer, bookingId, onCancel }: { answer: CheckoutAnswer; bookingId: string; onCancel: () => void }) {
  const { t, locale } = useI18n();
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), []);
  const confirm = async () => {
    setBusy(true);
    setError(null);
    try {
      const payment = await paymentsApi.confirm(answer.paymentId);
      if (payment.status === "succeeded") {
        forgetAttempt(sessionStorage, bookingId);
        await finishBooking(bookingId);
      } else setError(new Error(t("checkout.challengeFailed")));
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  return (
    <section className="challenge stack" aria-labelledby="challenge-title">
      <h3 id="challenge-title" ref={heading} tabIndex={-1}>{t("checkout.challengeTitle")}</h3>
      <p>{t("checkout.challengeText", { amount: formatMoney(answer.amount, answer.currency, locale) })}</p>
      {error ? <ErrorMessage error={error} /> : null}
      <div className="row">
        <button type="button" className="button" disabled={busy} onClick={confirm}>{t("checkout.challengeApprove")}</button>
        <button type="button" className="button secondary" disabled={busy} onClick={onCancel}>{t("checkout.challengeCancel")}</button>
      </div>
    </section>
  );
}
