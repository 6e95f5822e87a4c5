import Foundation
import Logging
import Messaging
import Persistence
import PostgresNIO
import ServiceKit

/// Planning changes: the dry-run conflict check, rescheduling and cancelling a screening.
extension ScreeningRepository {
    var bufferSeconds: Int { (config.trailerMinutes + config.cleaningMinutes) * 60 }

    /// The scheduled screenings a screening of `film` at `startsAt` in `auditorium` would overlap
    /// (runtime plus trailer and cleaning buffers), leaving `excluding` out (when moving it).
    func conflicts(film: UUID, auditorium: UUID, startsAt: Date, excluding: UUID? = nil, logger: Logger)
        async throws -> (endsAt: Date, conflicts: [Screening])
    {
        let ends = try await client.query(
            """
            SELECT \(startsAt)::timestamptz + make_interval(mins => runtime_minutes, secs => \(bufferSeconds))
            FROM films WHERE id = \(film)
            """, logger: logger)
        guard let endsAt = try await ends.decode(Date.self).firstElement() else {
            throw AppError.invalid("filmId", "is not a film known to scheduling (yet)")
        }
        let rows = try await client.query(
            """
            \(unescaped: Self.select)
            WHERE s.auditorium_id = \(auditorium) AND s.status = 'scheduled' AND s.id <> \(excluding ?? .zero)
              AND tstzrange(s.starts_at, s.ends_at) && tstzrange(\(startsAt), \(endsAt))
            ORDER BY s.starts_at
            """, logger: logger)
        return (endsAt, try await screenings(rows))
    }

    /// Moves a screening; the exclusion constraint refuses an overlap (409).
    func reschedule(_ id: UUID, to startsAt: Date, logger: Logger) async throws -> Screening {
        do {
            try await client.transaction(logger: logger) { connection in
                let rows = try await connection.query(
                    """
                    UPDATE screenings s
                    SET starts_at = \(startsAt),
                        ends_at = \(startsAt)::timestamptz
                                  + make_interval(mins => f.runtime_minutes, secs => \(bufferSeconds))
                    FROM films f, (SELECT starts_at FROM screenings WHERE id = \(id)) previous
                    WHERE s.id = \(id) AND f.id = s.film_id AND s.status = 'scheduled'
                    RETURNING s.film_id, previous.starts_at, s.ends_at
                    """, logger: logger)
                guard let (film, previous, endsAt) = try await rows.decode((UUID, Date, Date).self).firstElement()
                else { throw AppError.notFound("Screening") }
                let event = ScreeningRescheduled(
                    screeningId: id, filmId: film, previousStartsAt: previous, startsAt: startsAt, endsAt: endsAt)
                try await Outbox.enqueue(event, on: connection, logger: logger)
            }
        } catch let error {
            if case .exclusion = DatabaseConstraint(error) { throw Self.busy }
            throw error
        }
        guard let screening = try await find(id, logger: logger) else { throw AppError.notFound("Screening") }
        return screening
    }

    static let busy = AppError.conflict(
        "screening-conflict", "The auditorium is busy at that time (runtime plus trailer and cleaning buffers)")

    /// Cancels a screening and every live booking of it, in one transaction: each booking gets a
    /// `scheduling.booking.cancelled` (payments refunds the paid ones) and the screening a
    /// `scheduling.screening.cancelled`. Returns how many bookings were cancelled.
    func cancel(_ id: UUID, reason: String, logger: Logger) async throws -> Int {
        try await client.transaction(logger: logger) { connection in
            let rows = try await connection.query(
                """
                UPDATE screenings SET status = 'cancelled' WHERE id = \(id) AND status = 'scheduled'
                RETURNING film_id, starts_at
                """, logger: logger)
            guard let (film, startsAt) = try await rows.decode((UUID, Date).self).firstElement() else {
                throw AppError.conflict("not-scheduled", "This screening does not exist or is already cancelled")
            }
            let bookings = try await connection.query(
                """
                UPDATE bookings SET status = 'cancelled', cancel_reason = 'screening-cancelled'
                WHERE screening_id = \(id) AND status IN ('held', 'confirmed')
                RETURNING id, user_id, payment_id
                """, logger: logger)
            var count = 0
            for try await (booking, user, payment) in bookings.decode((UUID, UUID, UUID?).self) {
                let event = BookingCancelled(
                    bookingId: booking, screeningId: id, userId: user, reason: "screening-cancelled",
                    paymentId: payment)
                try await Outbox.enqueue(event, on: connection, logger: logger)
                count += 1
            }
            try await connection.query(
                "UPDATE booking_seats SET live = false WHERE screening_id = \(id) AND live", logger: logger)
            let event = ScreeningCancelled(
                screeningId: id, filmId: film, startsAt: startsAt, reason: reason, cancelledBookings: count)
            try await Outbox.enqueue(event, on: connection, logger: logger)
            try await SeatChanges.notify(id, connection, logger)
            return count
        }
    }
}
