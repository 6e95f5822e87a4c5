import Foundation
import Logging
import PostgresNIO

/// notifications' replica of confirmed bookings (from `scheduling.booking.confirmed`): who to tell
/// when a screening moves or a booking is cancelled, and what to remind them of.
struct BookingRecord: Sendable {
    var id: UUID
    var screeningID: UUID
    var userID: UUID
    var filmTitle: String
    var cinemaName: String
    var auditoriumName: String
    var startsAt: Date
    var seats: String

    init(_ event: BookingConfirmed) {
        id = event.bookingId
        screeningID = event.screeningId
        userID = event.userId
        filmTitle = event.filmTitle
        cinemaName = event.cinemaName
        auditoriumName = event.auditoriumName
        startsAt = event.startsAt
        seats = event.tickets.map { "\($0.row)\($0.number)" }.joined(separator: ", ")
    }

    init(
        id: UUID, screeningID: UUID, userID: UUID, filmTitle: String, cinemaName: String, auditoriumName: String,
        startsAt: Date, seats: String
    ) {
        self.id = id
        self.screeningID = screeningID
        self.userID = userID
        self.filmTitle = filmTitle
        self.cinemaName = cinemaName
        self.auditoriumName = auditoriumName
        self.startsAt = startsAt
        self.seats = seats
    }
}

enum BookingRecords {
    static func save(_ booking: BookingRecord, on connection: PostgresConnection, logger: Logger) async throws {
        try await connection.query(
            """
            INSERT INTO bookings (booking_id, screening_id, user_id, film_title, cinema_name, auditorium_name,
                                  starts_at, seats)
            VALUES (\(booking.id), \(booking.screeningID), \(booking.userID), \(booking.filmTitle),
                    \(booking.cinemaName), \(booking.auditoriumName), \(booking.startsAt), \(booking.seats))
            ON CONFLICT (booking_id) DO NOTHING
            """, logger: logger)
    }

    /// Marks a booking cancelled and cancels its pending reminders; the booking as it was.
    static func cancel(_ id: UUID, on connection: PostgresConnection, logger: Logger) async throws -> BookingRecord? {
        try await cancelReminders(booking: id, on: connection, logger: logger)
        return try await load(
            "UPDATE bookings SET cancelled = true WHERE booking_id = \(id) AND NOT cancelled RETURNING", connection,
            logger
        ).first
    }

    /// Moves the live bookings of a screening; the bookings, moved.
    static func move(_ screening: UUID, to startsAt: Date, on connection: PostgresConnection, logger: Logger)
        async throws -> [BookingRecord]
    {
        try await load(
            "UPDATE bookings SET starts_at = \(startsAt) WHERE screening_id = \(screening) AND NOT cancelled RETURNING",
            connection, logger)
    }

    static func cancelReminders(booking: UUID, on connection: PostgresConnection, logger: Logger) async throws {
        try await connection.query(
            """
            UPDATE deliveries SET status = 'cancelled'
            WHERE booking_id = \(booking) AND status = 'pending' AND event_type = 'notifications.reminder'
            """, logger: logger)
    }

    private static func load(_ statement: PostgresQuery, _ connection: PostgresConnection, _ logger: Logger)
        async throws -> [BookingRecord]
    {
        var query = statement
        query.sql += " booking_id, screening_id, user_id, film_title, cinema_name, auditorium_name, starts_at, seats"
        let rows = try await connection.query(query, logger: logger)
        var bookings: [BookingRecord] = []
        for try await (id, screening, user, film, cinema, auditorium, starts, seats) in rows.decode(
            (UUID, UUID, UUID, String, String, String, Date, String).self)
        {
            bookings.append(
                BookingRecord(
                    id: id, screeningID: screening, userID: user, filmTitle: film, cinemaName: cinema,
                    auditoriumName: auditorium, startsAt: starts, seats: seats))
        }
        return bookings
    }
}
