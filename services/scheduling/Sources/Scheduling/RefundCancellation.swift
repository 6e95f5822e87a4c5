import Foundation
import Logging
import Messaging
import Persistence
import PostgresNIO

/// What scheduling does when payments refunds a payment: a refund of the whole booking cancels
/// it (tickets cancelled, seats freed, `scheduling.booking.cancelled` with the refund's id so that
/// payments does not refund again); a refund of some seats cancels their tickets and frees them
/// (the booking is cancelled when no seat is left); a goodwill refund cancels nothing. Applying a
/// refund twice changes nothing the second time.
extension BookingRepository {
    func refundSucceeded(
        _ refund: RefundSucceeded, cause: ReceivedEvent, on connection: PostgresConnection, logger: Logger
    ) async throws {
        let seats: [UUID]
        switch refund.covers {
        case "booking": seats = []
        case "seats": seats = refund.seatIds ?? []
        default: return
        }
        let rows = try await connection.query(
            """
            SELECT status, screening_id, user_id FROM bookings
            WHERE id = \(refund.bookingId) AND payment_id = \(refund.paymentId) FOR UPDATE
            """, logger: logger)
        guard let (status, screening, user) = try await rows.decode((String, UUID, UUID).self).firstElement(),
            status == "confirmed"
        else { return }
        if refund.covers == "seats" {
            try await connection.query(
                """
                UPDATE tickets SET cancelled_at = now()
                WHERE booking_id = \(refund.bookingId) AND seat_id = ANY(\(seats)) AND cancelled_at IS NULL
                """, logger: logger)
            try await connection.query(
                "UPDATE booking_seats SET live = false WHERE booking_id = \(refund.bookingId) AND seat_id = ANY(\(seats))",
                logger: logger)
            let left = try await connection.query(
                "SELECT count(*)::int FROM booking_seats WHERE booking_id = \(refund.bookingId) AND live",
                logger: logger)
            guard try await left.decode(Int.self).firstElement() == 0 else {
                try await SeatChanges.notify(screening, connection, logger)
                try await publishOccupancyChange(screening, cause: cause, connection, logger)
                logger.notice("refunded tickets cancelled", metadata: ["bookingId": "\(refund.bookingId)"])
                return
            }
        }
        try await connection.query(
            "UPDATE bookings SET status = 'cancelled', cancel_reason = 'refunded' WHERE id = \(refund.bookingId)",
            logger: logger)
        try await connection.query(
            "UPDATE tickets SET cancelled_at = now() WHERE booking_id = \(refund.bookingId) AND cancelled_at IS NULL",
            logger: logger)
        try await connection.query(
            "UPDATE booking_seats SET live = false WHERE booking_id = \(refund.bookingId)", logger: logger)
        let event = BookingCancelled(
            bookingId: refund.bookingId, screeningId: screening, userId: user, reason: "refunded",
            paymentId: refund.paymentId, refundId: refund.refundId)
        try await Outbox.enqueue(event, causedBy: cause, on: connection, logger: logger)
        try await SeatChanges.notify(screening, connection, logger)
        try await publishOccupancyChange(screening, cause: cause, connection, logger)
        logger.notice("refunded booking cancelled", metadata: ["bookingId": "\(refund.bookingId)"])
    }
}
