import { useEffect, useState } from "react";
import { paymentsApi } from "../../api/payments";
import { isProblem } from "../../api/problem";
import { Link } from "../../app/Link";
import { ErrorMessage } from "../../components/ErrorMessage";
import { useTitle } from "../../components/useTitle";
import { useI18n } from "../../i18n/i18n";
import { finishBooking, forgetPendingPayment, pendingPayment } from "./checkoutFlow";

/** Back from PayPal's approval (or a provider's 3-D Secure page): confirm the payment, then the tickets. */
export default function PaymentReturnPage() {
  const { t } = useI18n();
  useTitle(t("return.title"));
  const [error, setError] = useState<unknown>(null);
  const pending = pendingPayment();
  useEffect(() => {
    if (!pending) return;
    let alive = true;
    const run = async () => {
      for (let i = 0; i < 10 && alive; i++) {
        try {
          await paymentsApi.confirm(pending.paymentId);
          forgetPendingPayment();
          await finishBooking(pending.bookingId);
          return;
        } catch (e) {
          if (isProblem(e) && (e.code === "approval-pending" || e.code === "authentication-pending")) {
            await new Promise((r) => setTimeout(r, 2000));
            continue;
          }
          setError(e);
          return;
        }
      }
    };
    void run();
    return () => {
      alive = false;
    };
  }, [pending?.paymentId]);
  return (
    <div className="page narrow">
      <h1>{t("return.title")}</h1>
      {!pending && <p>{t("return.nothing")} <Link href="/tickets">{t("nav.tickets")}</Link></p>}
      {pending && !error && <p role="status">{t("return.confirming")}</p>}
      {error ? <ErrorMessage error={error} /> : null}
      {error && pending ? <Link className="button" href={`/checkout/${pending.bookingId}`}>{t("return.backToCheckout")}</Link> : null}
    </div>
  );
}
