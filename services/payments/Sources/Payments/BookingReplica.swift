import Foundation
import Logging
import PostgresNIO

/// payments' own copy of held bookings: what a checkout is priced from.
enum BookingReplica {
    static func held(_ event: BookingHeld, on connection: PostgresConnection, logger: Logger) async throws {
        try await connection.query(
            """
            INSERT INTO bookings (booking_id, user_id, user_email, film_title, amount, currency, expires_at, status)
            VALUES (\(event.bookingId), \(event.userId), \(event.userEmail), \(event.filmTitle), \(event.amount),
                    \(event.currency), \(event.expiresAt), 'held')
            ON CONFLICT (booking_id) DO NOTHING
            """, logger: logger)
    }

    static func expired(_ booking: UUID, on connection: PostgresConnection, logger: Logger) async throws {
        try await connection.query(
            "UPDATE bookings SET status = 'expired' WHERE booking_id = \(booking)", logger: logger)
    }
}
