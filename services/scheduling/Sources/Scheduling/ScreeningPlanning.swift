import Foundation
import Logging
import Messaging
import Persistence
import PostgresNIO
import ServiceKit

/// What a move asks for: each part left out stays as it is.
struct ScreeningChange: Sendable {
    var startsAt: Date?
    var auditoriumID: UUID?
    var filmID: UUID?
}

/// Where and when a screening plays, and which film.
struct Placement: Sendable {
    var startsAt: Date
    var auditoriumID: UUID
    var filmID: UUID
}

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

    /// Moves a screening in time, to another auditorium of its cinema and/or to another film; the
    /// exclusion constraint refuses an overlap (409). A screening with seats held or sold keeps its
    /// auditorium and film (the seats and the tickets name them): only its time can change.
    func reschedule(_ id: UUID, _ change: ScreeningChange, logger: Logger) async throws -> Screening {
        do {
            try await client.transaction(logger: logger) { connection in
                let current = try await connection.query(
                    """
                    SELECT s.starts_at, s.film_id, s.auditorium_id, a.cinema_id,
                           EXISTS (SELECT 1 FROM booking_seats bs WHERE bs.screening_id = s.id AND bs.live)
                    FROM screenings s JOIN auditoriums a ON a.id = s.auditorium_id
                    WHERE s.id = \(id) AND s.status = 'scheduled' FOR UPDATE OF s
                    """, logger: logger)
                guard
                    let (previous, film, auditorium, cinema, booked) = try await current.decode(
                        (Date, UUID, UUID, UUID, Bool).self
                    ).firstElement()
                else { throw AppError.notFound("Screening") }
                let target = Placement(
                    startsAt: change.startsAt ?? previous, auditoriumID: change.auditoriumID ?? auditorium,
                    filmID: change.filmID ?? film)
                try await Self.checkMove(
                    target, from: (film, auditorium), cinema: cinema, booked: booked, connection, logger)
                let rows = try await connection.query(
                    """
                    UPDATE screenings s
                    SET starts_at = \(target.startsAt), film_id = f.id, auditorium_id = \(target.auditoriumID),
                        ends_at = \(target.startsAt)::timestamptz
                                  + make_interval(mins => f.runtime_minutes, secs => \(bufferSeconds))
                    FROM films f WHERE s.id = \(id) AND f.id = \(target.filmID)
                    RETURNING s.ends_at
                    """, logger: logger)
                guard let endsAt = try await rows.decode(Date.self).firstElement() else {
                    throw AppError.invalid("filmId", "is not a film known to scheduling (yet)")
                }
                let place = try await ScreeningPlace.of(id, on: connection, logger: logger)
                let event = ScreeningRescheduled(
                    screeningId: id, filmId: target.filmID, previousStartsAt: previous, startsAt: target.startsAt,
                    endsAt: endsAt, auditoriumId: target.auditoriumID,
                    previousFilmId: target.filmID == film ? nil : film,
                    previousAuditoriumId: target.auditoriumID == auditorium ? nil : auditorium,
                    cinemaId: place.cinemaId,
                    timezone: place.timezone, version: place.version, format: place.format,
                    wheelchairSpaces: place.wheelchairSpaces)
                try await Outbox.enqueue(event, on: connection, logger: logger)
            }
        } catch let error {
            if case .exclusion = DatabaseConstraint(error) { throw Self.busy }
            throw error
        }
        guard let screening = try await find(id, logger: logger) else { throw AppError.notFound("Screening") }
        return screening
    }

    /// The new auditorium must be of the same cinema; auditorium and film stay while seats are taken.
    private static func checkMove(
        _ target: Placement, from current: (film: UUID, auditorium: UUID), cinema: UUID, booked: Bool,
        _ connection: PostgresConnection, _ logger: Logger
    ) async throws {
        if booked && (target.filmID != current.film || target.auditoriumID != current.auditorium) {
            throw AppError.conflict(
                "screening-has-bookings",
                "Seats of this screening are held or sold: only its time can change (cancel it to change the "
                    + "film or the auditorium)")
        }
        guard target.auditoriumID != current.auditorium else { return }
        let rows = try await connection.query(
            "SELECT cinema_id FROM auditoriums WHERE id = \(target.auditoriumID)", logger: logger)
        guard let owner = try await rows.decode(UUID.self).firstElement() else {
            throw AppError.invalid("auditoriumId", "is not a known auditorium")
        }
        if owner != cinema { throw AppError.invalid("auditoriumId", "is an auditorium of another cinema") }
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
