import { useState } from "react";
import { paymentsApi } from "../../api/payments";
import { schedulingApi } from "../../api/scheduling";
import type { Booking, CancellationQuote } from "../../api/types";
import { useToast } from "../../app/toasts";
import { ErrorMessage, problemLine } from "../../components/ErrorMessage";
import { useI18n } from "../../i18n/i18n";
import { formatDateTime } from "../../lib/dates";
import { formatMoney } from "../../lib/money";

/**
 * Cancel before the cutoff (the booking's `cancellableUntil`), with the refund payments quotes (the
 * amount paid less its cancellation fee), and the invoice.
 */
export function BookingActions({ booking, onChange }: { booking: Booking; onChange?: () => void }) {
  const { t, locale } = useI18n();
  const toast = useToast();
  const [quote, setQuote] = useState<CancellationQuote | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const cutoff = booking.cancellableUntil ? Date.parse(booking.cancellableUntil) : 0;
  const cancellable = Date.now() < cutoff;
  const ask = async () => {
    setError(null);
    setBusy(true);
    try {
      setQuote(await paymentsApi.cancellationQuote(booking.id));
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  const cancel = async () => {
    if (!quote) return;
    setError(null);
    try {
      await schedulingApi.cancel(booking.id);
      toast(t("booking.cancelled", { amount: formatMoney(quote.refund, quote.currency, locale) }), "success");
      setQuote(null);
      window.setTimeout(() => onChange?.(), 1500);
    } catch (e) {
      setError(e);
    }
  };
  return (
    <div className="stack">
      <div className="row">
        <InvoiceButton bookingId={booking.id} />
        {cancellable && !quote && (
          <button type="button" className="button danger" disabled={busy} onClick={ask}>{t("booking.cancel")}</button>
        )}
      </div>
      {cancellable && <p className="hint">{t("booking.cutoff", { date: formatDateTime(booking.cancellableUntil, locale, booking.timezone) })}</p>}
      {quote && (
        <div className="challenge stack" role="group" aria-labelledby={`cancel-${booking.id}`}>
          <p id={`cancel-${booking.id}`}>
            {t("booking.cancelConfirm", { refund: formatMoney(quote.refund, quote.currency, locale), fee: quote.feePercent })}
          </p>
          <div className="row">
            <button type="button" className="button danger" onClick={cancel}>{t("booking.cancelYes")}</button>
            <button type="button" className="button secondary" onClick={() => setQuote(null)}>{t("booking.cancelNo")}</button>
          </div>
        </div>
      )}
      {error ? <ErrorMessage error={error} /> : null}
    </div>
  );
}

/** The invoice of the booking's payment, as PDF (GET /invoices?bookingId=: one call). */
function InvoiceButton({ bookingId }: { bookingId: string }) {
  const { t } = useI18n();
  const toast = useToast();
  const [busy, setBusy] = useState(false);
  const download = async () => {
    setBusy(true);
    try {
      const invoices = await paymentsApi.invoices(bookingId);
      const invoice = invoices.items.find((i) => i.kind === "invoice");
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
