import Foundation
import Logging
import PostgresNIO

/// payments' own copy of held bookings: what a checkout is priced from.
enum BookingReplica {
    static func held(_ event: BookingHeld, on connection: PostgresConnection, logger: Logger) async throws {
        try await connection.query(
            """
            INSERT INTO bookings (booking_id, user_id, user_email, film_title, amount, currency, expires_at, status,
                                  film_id, screening_id, cinema_name)
            VALUES (\(event.bookingId), \(event.userId), \(event.userEmail), \(event.filmTitle), \(event.amount),
                    \(event.currency), \(event.expiresAt), 'held', \(event.filmId), \(event.screeningId), \(event.cinemaName))
            ON CONFLICT (booking_id) DO NOTHING
            """, logger: logger)
    }

    /// The hold ended (expired, released, or its booking was cancelled): no checkout any more.
    static func expired(_ booking: UUID, on connection: PostgresConnection, logger: Logger) async throws {
        try await connection.query(
            "UPDATE bookings SET status = 'expired' WHERE booking_id = \(booking)", logger: logger)
        try await PromoStore.releaseForBooking(booking, connection, logger)
    }

    static func extended(_ event: BookingHoldExtended, on connection: PostgresConnection, logger: Logger) async throws {
        try await connection.query(
            """
            UPDATE bookings SET expires_at = greatest(expires_at, \(event.expiresAt))
            WHERE booking_id = \(event.bookingId) AND status = 'held'
            """, logger: logger)
    }
}
