import Crypto
import Foundation
import Logging
import Messaging
import Persistence
import PostgresNIO

/// What scheduling does when payments reports a successful payment.
extension BookingRepository {
    func paymentSucceeded(
        _ payment: PaymentSucceeded, cause: ReceivedEvent, on connection: PostgresConnection, logger: Logger
    ) async throws {
        let rows = try await connection.query(
            "SELECT status, payment_id, screening_id, user_id FROM bookings WHERE id = \(payment.bookingId) FOR UPDATE",
            logger: logger)
        guard
            let (status, paidWith, screening, user) = try await rows.decode((String, UUID?, UUID, UUID).self).first(
                where: { _ in true })
        else { throw BookingNotFound(id: payment.bookingId) }
        let cancel = { (reason: String) in
            let event = BookingCancelled(
                bookingId: payment.bookingId, screeningId: screening, userId: user, reason: reason,
                paymentId: payment.paymentId)
            try await Outbox.enqueue(event, causedBy: cause, on: connection, logger: logger)
            logger.notice("paid booking cannot be confirmed", metadata: ["reason": "\(reason)"])
        }
        switch status {
        case "confirmed" where paidWith == payment.paymentId:
            return
        case "confirmed":
            try await cancel("already-paid")
        case "cancelled":
            try await cancel("booking-cancelled")
        case "expired":
            if try await isScheduled(screening, connection, logger),
                try await rehold(payment.bookingId, connection, logger)
            {
                try await confirm(payment, cause: cause, connection, logger)
            } else {
                try await connection.query(
                    "UPDATE bookings SET status = 'cancelled', cancel_reason = 'seats-no-longer-available' WHERE id = \(payment.bookingId)",
                    logger: logger)
                try await cancel("seats-no-longer-available")
            }
        default:
            try await confirm(payment, cause: cause, connection, logger)
        }
    }

    /// Publishes `scheduling.screening.occupancy_reached` the first time the screening's fill rate
    /// reaches the threshold (the row lock on the screening serialises concurrent confirmations).
    private func alertOnOccupancy(
        _ screening: UUID, cause: ReceivedEvent, _ connection: PostgresConnection, _ logger: Logger
    ) async throws {
        let rows = try await connection.query(
            """
            WITH counts AS (
                SELECT (SELECT count(*)::int FROM seats st JOIN screenings s ON s.auditorium_id = st.auditorium_id
                        WHERE s.id = \(screening) AND st.kind <> 'blocked') AS capacity,
                       (SELECT count(*)::int FROM booking_seats bs JOIN bookings b ON b.id = bs.booking_id
                        WHERE bs.screening_id = \(screening) AND bs.live AND b.status = 'confirmed') AS sold)
            UPDATE screenings s SET occupancy_alerted_at = now() FROM counts
            WHERE s.id = \(screening) AND s.occupancy_alerted_at IS NULL AND counts.capacity > 0
              AND counts.sold * 100 >= \(config.occupancyAlertPercent) * counts.capacity
            RETURNING s.film_id, (SELECT title FROM films WHERE id = s.film_id), s.starts_at, counts.sold,
                      counts.capacity
            """, logger: logger)
        guard
            let (film, title, starts, sold, capacity) = try await rows.decode((UUID, String, Date, Int, Int).self)
                .firstElement()
        else { return }
        let event = ScreeningOccupancyReached(
            screeningId: screening, filmId: film, filmTitle: title, startsAt: starts, sold: sold, capacity: capacity,
            thresholdPercent: config.occupancyAlertPercent)
        try await Outbox.enqueue(event, causedBy: cause, on: connection, logger: logger)
        logger.notice("occupancy threshold reached", metadata: ["screeningId": "\(screening)", "sold": "\(sold)"])
    }

    private func isScheduled(_ screening: UUID, _ connection: PostgresConnection, _ logger: Logger) async throws
        -> Bool
    {
        let rows = try await connection.query(
            "SELECT status FROM screenings WHERE id = \(screening) FOR SHARE", logger: logger)
        return try await rows.decode(String.self).firstElement() == "scheduled"
    }

    /// A payment that arrived after its hold expired takes the seats again if they are still free.
    private func rehold(_ booking: UUID, _ connection: PostgresConnection, _ logger: Logger) async throws -> Bool {
        try await connection.query("SAVEPOINT rehold", logger: logger)
        do {
            try await connection.query(
                "UPDATE booking_seats SET live = true WHERE booking_id = \(booking)", logger: logger)
            try await connection.query("RELEASE SAVEPOINT rehold", logger: logger)
            return true
        } catch {
            try await connection.query("ROLLBACK TO SAVEPOINT rehold", logger: logger)
            return false
        }
    }

    private func confirm(
        _ payment: PaymentSucceeded, cause: ReceivedEvent, _ connection: PostgresConnection, _ logger: Logger
    ) async throws {
        try await connection.query(
            """
            UPDATE bookings SET status = 'confirmed', payment_id = \(payment.paymentId), confirmed_at = now()
            WHERE id = \(payment.bookingId)
            """, logger: logger)
        HoldMetrics.count("confirmed")
        let details = try await connection.query(
            """
            SELECT b.user_id, b.user_email, b.screening_id, s.film_id, f.title, c.name, a.name, s.starts_at, b.amount,
                   b.currency
            FROM bookings b JOIN screenings s ON s.id = b.screening_id JOIN films f ON f.id = s.film_id
            JOIN auditoriums a ON a.id = s.auditorium_id JOIN cinemas c ON c.id = a.cinema_id
            WHERE b.id = \(payment.bookingId)
            """, logger: logger)
        guard
            let (user, email, screening, film, title, cinema, auditorium, starts, amount, currency) =
                try await details.decode(
                    (UUID, String, UUID, UUID, String, String, String, Date, Int, String).self
                ).firstElement()
        else { throw BookingNotFound(id: payment.bookingId) }
        let tickets = try await issueTickets(payment.bookingId, connection, logger)
        let event = BookingConfirmed(
            bookingId: payment.bookingId, screeningId: screening, userId: user, userEmail: email, filmId: film,
            filmTitle: title, cinemaName: cinema, auditoriumName: auditorium, startsAt: starts, amount: amount,
            currency: currency, paymentId: payment.paymentId, tickets: tickets)
        try await Outbox.enqueue(event, causedBy: cause, on: connection, logger: logger)
        try await SeatChanges.notify(screening, freesSeats: false, connection, logger)
        try await alertOnOccupancy(screening, cause: cause, connection, logger)
        try await publishOccupancyChange(screening, cause: cause, connection, logger)
        logger.info("booking confirmed", metadata: ["bookingId": "\(payment.bookingId)"])
    }

    private func issueTickets(_ booking: UUID, _ connection: PostgresConnection, _ logger: Logger) async throws
        -> [IssuedTicket]
    {
        let seats = try await connection.query(
            """
            SELECT s.id, s.row_label, s.number FROM booking_seats bs JOIN seats s ON s.id = bs.seat_id
            WHERE bs.booking_id = \(booking) ORDER BY s.row_index, s.column_index
            """, logger: logger)
        var tickets: [IssuedTicket] = []
        for try await (seat, row, number) in seats.decode((UUID, String, Int).self) {
            let code = TicketCode.make()
            let signature = TicketCode.sign("\(code)|\(booking)|\(seat)", secret: config.ticketSecret)
            tickets.append(IssuedTicket(code: code, row: row, number: number, signature: signature))
            try await connection.query(
                """
                INSERT INTO tickets (id, booking_id, seat_id, code, signature)
                VALUES (\(UUID()), \(booking), \(seat), \(code), \(signature))
                """, logger: logger)
        }
        return tickets
    }
}

struct BookingNotFound: Error, CustomStringConvertible {
    var id: UUID
    var description: String { "booking \(id) is unknown" }
}

/// Ticket codes (unambiguous base32) and their HMAC signature, which a QR payload carries so
/// that a scanner can check a ticket offline.
enum TicketCode {
    static let alphabet = Array("ABCDEFGHJKLMNPQRSTUVWXYZ23456789")

    static func make() -> String {
        var generator = SystemRandomNumberGenerator()
        return String((0..<10).map { _ in alphabet[Int(generator.next(upperBound: UInt32(alphabet.count)))] })
    }

    static func sign(_ payload: String, secret: String) -> String {
        let mac = HMAC<SHA256>.authenticationCode(for: Data(payload.utf8), using: SymmetricKey(data: Data(secret.utf8)))
        return Data(mac).base64EncodedString().replacingOccurrences(of: "+", with: "-")
            .replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
    }
}
