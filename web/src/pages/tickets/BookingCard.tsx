import type { Booking, Screening } from "../../api/types";
import { Link } from "../../app/Link";
import { TicketQr } from "../../components/TicketQr";
import { MessageKey, useI18n } from "../../i18n/i18n";
import { formatDateTime } from "../../lib/dates";
import { formatMoney } from "../../lib/money";
import { BookingActions } from "./BookingActions";

interface Props {
  booking: Booking;
  screening: Screening | null;
  offline?: boolean;
  onChange?: () => void;
}

/** A booking: film, time, place, amount, and each ticket with its QR code. */
export function BookingCard({ booking, screening, offline, onChange }: Props) {
  const { t, locale } = useI18n();
  const zone = screening?.timezone;
  const title = screening?.filmTitle ?? t("booking.title");
  return (
    <article className="card stack" aria-labelledby={`b-${booking.id}`}>
      <h2 id={`b-${booking.id}`}>
        {screening ? <Link href={`/films/${screening.filmId}`}>{title}</Link> : title}
      </h2>
      <p className="muted">
        {screening && <>{formatDateTime(screening.startsAt, locale, zone)} · {screening.cinemaName} · {screening.auditoriumName} · </>}
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
      {!offline && booking.status === "confirmed" && <BookingActions booking={booking} screening={screening} onChange={onChange} />}
    </article>
  );
}
