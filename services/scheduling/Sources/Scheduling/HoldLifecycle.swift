import Foundation
import Logging
import Messaging
import Persistence
import PostgresNIO
import ServiceKit

/// What a moviegoer can do with a hold before paying: extend it once, or release it.
extension BookingRepository {
    /// Adds `scheduling.hold.extension.seconds` to a live hold of `user`, once.
    func extendHold(_ id: UUID, user: UUID, logger: Logger) async throws -> Date {
        try await client.transaction(logger: logger) { connection in
            let (status, extended, expiresAt, screening) = try await ownHold(id, user: user, connection, logger)
            guard status == "held", expiresAt > .now else {
                throw AppError.conflict("hold-ended", "This hold has ended; choose the seats again")
            }
            guard !extended else { throw AppError.conflict("hold-already-extended", "A hold can be extended once") }
            let newExpiry = expiresAt.addingTimeInterval(TimeInterval(config.holdExtensionSeconds))
            try await connection.query(
                "UPDATE bookings SET expires_at = \(newExpiry), extended = true WHERE id = \(id)", logger: logger)
            let event = BookingHoldExtended(bookingId: id, screeningId: screening, expiresAt: newExpiry)
            try await Outbox.enqueue(event, on: connection, logger: logger)
            try await SeatChanges.notify(screening, connection, logger)
            return newExpiry
        }
    }

    /// Gives the seats of a live hold of `user` back.
    func releaseHold(_ id: UUID, user: UUID, logger: Logger) async throws {
        try await client.transaction(logger: logger) { connection in
            let (status, _, _, screening) = try await ownHold(id, user: user, connection, logger)
            guard status == "held" else {
                throw AppError.conflict("not-held", "Only a hold that is not paid yet can be released")
            }
            try await connection.query(
                "UPDATE bookings SET status = 'expired', cancel_reason = 'released' WHERE id = \(id)", logger: logger)
            try await connection.query("UPDATE booking_seats SET live = false WHERE booking_id = \(id)", logger: logger)
            let event = BookingExpired(bookingId: id, screeningId: screening, reason: "released")
            try await Outbox.enqueue(event, on: connection, logger: logger)
            try await SeatChanges.notify(screening, connection, logger)
        }
    }

    /// The owner cancels a paid booking until `scheduling.cancellation.cutoff.minutes` before the
    /// screening; payments refunds it (less its cancellation fee).
    func cancelByCustomer(_ id: UUID, user: UUID, logger: Logger) async throws {
        try await client.transaction(logger: logger) { connection in
            let rows = try await connection.query(
                """
                SELECT b.status, b.screening_id, b.payment_id, s.starts_at FROM bookings b
                JOIN screenings s ON s.id = b.screening_id
                WHERE b.id = \(id) AND b.user_id = \(user) FOR UPDATE OF b
                """, logger: logger)
            guard
                let (status, screening, payment, startsAt) = try await rows.decode((String, UUID, UUID?, Date).self)
                    .firstElement()
            else { throw AppError.notFound("Booking") }
            guard status == "confirmed" else {
                throw AppError.conflict(
                    "not-cancellable", "Only a paid booking can be cancelled; release a hold instead")
            }
            let cutoff = startsAt.addingTimeInterval(-TimeInterval(config.cancellationCutoffMinutes * 60))
            guard Date.now < cutoff else {
                throw AppError.conflict(
                    "cancellation-closed",
                    "Bookings can be cancelled until \(config.cancellationCutoffMinutes) minutes before the screening")
            }
            try await connection.query(
                "UPDATE bookings SET status = 'cancelled', cancel_reason = 'customer-cancelled' WHERE id = \(id)",
                logger: logger)
            try await connection.query("UPDATE booking_seats SET live = false WHERE booking_id = \(id)", logger: logger)
            let event = BookingCancelled(
                bookingId: id, screeningId: screening, userId: user, reason: "customer-cancelled", paymentId: payment)
            try await Outbox.enqueue(event, on: connection, logger: logger)
            try await SeatChanges.notify(screening, connection, logger)
            try await publishOccupancyChange(screening, cause: nil, connection, logger)
        }
    }

    /// The booking, locked, if `user` owns it (404 otherwise, not revealing others' bookings).
    private func ownHold(_ id: UUID, user: UUID, _ connection: PostgresConnection, _ logger: Logger) async throws
        -> (String, Bool, Date, UUID)
    {
        let rows = try await connection.query(
            """
            SELECT status, extended, expires_at, screening_id FROM bookings
            WHERE id = \(id) AND user_id = \(user) FOR UPDATE
            """, logger: logger)
        guard let hold = try await rows.decode((String, Bool, Date, UUID).self).firstElement() else {
            throw AppError.notFound("Booking")
        }
        return hold
    }
}
