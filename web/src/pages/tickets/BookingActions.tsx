import { useState } from "react";
import { paymentsApi } from "../../api/payments";
import { schedulingApi } from "../../api/scheduling";
import type { Booking, Screening } from "../../api/types";
import { useToast } from "../../app/toasts";
import { ErrorMessage, problemLine } from "../../components/ErrorMessage";
import { useI18n } from "../../i18n/i18n";
import { formatDateTime } from "../../lib/dates";
import { formatMoney } from "../../lib/money";
import { refundAfterFee } from "../../lib/priceSummary";

// The API does not publish its cancellation rules (API gap): these mirror scheduling's and payments'
// defaults (scheduling.cancellation.cutoff.minutes, payments.cancellation.fee.percent).
export const CANCELLATION_CUTOFF_MINUTES = 120;
export const CANCELLATION_FEE_PERCENT = 10;

export function BookingActions({ booking, screening, onChange }: { booking: Booking; screening: Screening | null; onChange?: () => void }) {
  const { t, locale } = useI18n();
  const toast = useToast();
  const [confirming, setConfirming] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const cutoff = screening ? Date.parse(screening.startsAt) - CANCELLATION_CUTOFF_MINUTES * 60000 : 0;
  const cancellable = screening !== null && Date.now() < cutoff;
  const refund = refundAfterFee(booking.amount, CANCELLATION_FEE_PERCENT);
  const cancel = async () => {
    setError(null);
    try {
      await schedulingApi.cancel(booking.id);
      toast(t("booking.cancelled", { amount: formatMoney(refund, booking.currency, locale) }), "success");
      setConfirming(false);
      window.setTimeout(() => onChange?.(), 1500);
    } catch (e) {
      setError(e);
    }
  };
  return (
    <div className="stack">
      <div className="row">
        <InvoiceButton bookingId={booking.id} />
        {cancellable && !confirming && (
          <button type="button" className="button danger" onClick={() => setConfirming(true)}>{t("booking.cancel")}</button>
        )}
      </div>
      {cancellable && <p className="hint">{t("booking.cutoff", { date: formatDateTime(new Date(cutoff).toISOString(), locale) })}</p>}
      {confirming && (
        <div className="challenge stack" role="group" aria-labelledby={`cancel-${booking.id}`}>
          <p id={`cancel-${booking.id}`}>
            {t("booking.cancelConfirm", { refund: formatMoney(refund, booking.currency, locale), fee: CANCELLATION_FEE_PERCENT })}
          </p>
          <div className="row">
            <button type="button" className="button danger" onClick={cancel}>{t("booking.cancelYes")}</button>
            <button type="button" className="button secondary" onClick={() => setConfirming(false)}>{t("booking.cancelNo")}</button>
          </div>
        </div>
      )}
      {error ? <ErrorMessage error={error} /> : null}
    </div>
  );
}

/** The invoice of the booking's payment, as PDF (found through my payments, then my invoices). */
function InvoiceButton({ bookingId }: { bookingId: string }) {
  const { t } = useI18n();
  const toast = useToast();
  const [busy, setBusy] = useState(false);
  const download = async () => {
    setBusy(true);
    try {
      const payments = await paymentsApi.myPayments();
      const payment = payments.items.find((p) => p.bookingId === bookingId && p.status !== "failed");
      const invoices = await paymentsApi.invoices();
      const invoice = invoices.items.find((i) => i.paymentId === payment?.id && i.kind === "invoice");
      if (!invoice) {
        toast(t("booking.noInvoice"), "error");
        return;
      }
      const blob = await paymentsApi.invoicePdf(invoice.id);
      const url = URL.createObjectURL(blob);
      const a = document.createElement("a");
      a.href = url;
      a.download = `${invoice.number}.pdf`;
      a.click();
      window.setTimeout(() => URL.revokeObjectURL(url), 10000);
    } catch (e) {
      toast(problemLine(e, t), "error");
    } finally {
      setBusy(false);
    }
  };
  return <button type="button" className="button secondary" disabled={busy} onClick={download}>{t("booking.invoice")}</button>;
}
