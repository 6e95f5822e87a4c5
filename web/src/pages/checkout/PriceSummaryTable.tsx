import type { Booking, Cinema } from "../../api/types";
import { useI18n } from "../../i18n/i18n";
import { dayOf } from "../../lib/dates";
import { formatMoney } from "../../lib/money";
import { summarize, vatRateOn } from "../../lib/priceSummary";

/** Seats, discount, total, and the VAT it includes (rate of the cinema's seller on the day of sale). */
export function PriceSummaryTable({ booking, cinema, discount }: { booking: Booking; cinema?: Cinema; discount: number }) {
  const { t, locale } = useI18n();
  const money = (n: number) => formatMoney(n, booking.currency, locale);
  const rate = vatRateOn(cinema?.legalEntity?.vatRates, dayOf(new Date(), cinema?.timezone));
  const lines = booking.seats.map((s) => ({ label: t("seats.seatName", { row: s.row, number: s.number }), amount: s.price }));
  const summary = summarize(lines, discount, rate);
  return (
    <table className="price-table">
      <caption className="visually-hidden">{t("checkout.summary")}</caption>
      <tbody>
        {summary.lines.map((l) => (
          <tr key={l.label}><td>{l.label}</td><td>{money(l.amount)}</td></tr>
        ))}
        {summary.discount > 0 && <tr><td>{t("checkout.discount")}</td><td>−{money(summary.discount)}</td></tr>}
        <tr className="total"><th scope="row">{t("checkout.total")}</th><td>{money(summary.total)}</td></tr>
        {summary.vat !== null && summary.vatRatePermille !== null && (
          <tr className="muted">
            <td>{t("checkout.vatIncluded", { rate: (summary.vatRatePermille / 10).toLocaleString(locale) })}</td>
            <td>{money(summary.vat)}</td>
          </tr>
        )}
        {summary.net !== null && <tr className="muted"><td>{t("checkout.net")}</td><td>{money(summary.net)}</td></tr>}
      </tbody>
    </table>
  );
}
