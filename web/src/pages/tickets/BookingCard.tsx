import type { Booking } from "../../api/types";
import { Link } from "../../app/Link";
import { TicketQr } from "../../components/TicketQr";
import { MessageKey, useI18n } from "../../i18n/i18n";
import { formatDateTime } from "../../lib/dates";
import { formatMoney } from "../../lib/money";
import { BookingActions } from "./BookingActions";

interface Props {
  booking: Booking;
  offline?: boolean;
  onChange?: () => void;
}

/** A booking: film, time, place, amount, and each ticket with its QR code. */
export function BookingCard({ booking, offline, onChange }: Props) {
  const { t, locale } = useI18n();
  // Tickets saved offline by an earlier version of the app may lack the embedded screening.
  const known = Boolean(booking.filmTitle && booking.startsAt);
  const title = booking.filmTitle || t("booking.title");
  return (
    <article className="card stack" aria-labelledby={`b-${booking.id}`}>
      <h2 id={`b-${booking.id}`}>
        {known ? <Link href={`/films/${booking.filmId}`}>{title}</Link> : title}
      </h2>
      <p className="muted">
        {known && <>{formatDateTime(booking.startsAt, locale, booking.timezone)} · {booking.cinemaName} · {booking.auditoriumName} · </>}
        {t(`booking.status.${booking.status}` as MessageKey)} · {formatMoney(booking.amount, booking.currency, locale)}
      </p>
      {(booking.tickets ?? []).length > 0 && (
        <ul className="tickets">
          {booking.tickets?.map((ticket) => (
            <li key={ticket.code} className={ticket.status === "cancelled" ? "ticket cancelled" : "ticket"}>
              <TicketQr ticket={ticket} label={t("ticket.qrLabel", { row: ticket.row, number: ticket.number, code: ticket.code })} />
              <p><strong>{t("seats.seatName", { row: ticket.row, number: ticket.number })}</strong></p>
              <p className="ticket-code">{ticket.code}</p>
              {ticket.status === "cancelled" && <p className="error-text">{t("ticket.cancelled")}</p>}
            </li>
          ))}
        </ul>
      )}
      {!offline && booking.status === "confirmed" && <BookingActions booking={booking} onChange={onChange} />}
    </article>
  );
}
