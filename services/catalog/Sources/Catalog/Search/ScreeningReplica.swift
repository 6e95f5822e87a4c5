import Foundation
import Logging
import PostgresNIO

/// catalog's replica of scheduling's screenings (film and start only), for "showing between
/// dates" and for preferring films showing soon in recommendations.
enum ScreeningReplica {
    static func scheduled(_ event: ScreeningScheduled, on connection: PostgresConnection, logger: Logger) async throws {
        try await connection.query(
            """
            INSERT INTO screenings (screening_id, film_id, starts_at) VALUES (\(event.screeningId), \(event.filmId),
                \(event.startsAt))
            ON CONFLICT (screening_id) DO NOTHING
            """, logger: logger)
    }

    /// A move in time, or to another film (the event names the film it plays now).
    static func rescheduled(_ event: ScreeningRescheduled, on connection: PostgresConnection, logger: Logger)
        async throws
    {
        try await connection.query(
            """
            INSERT INTO screenings (screening_id, film_id, starts_at) VALUES (\(event.screeningId), \(event.filmId),
                \(event.startsAt))
            ON CONFLICT (screening_id) DO UPDATE SET starts_at = EXCLUDED.starts_at, film_id = EXCLUDED.film_id
            """, logger: logger)
    }

    static func cancelled(_ event: ScreeningCancelled, on connection: PostgresConnection, logger: Logger) async throws {
        try await connection.query(
            """
            INSERT INTO screenings (screening_id, film_id, starts_at, cancelled)
            VALUES (\(event.screeningId), \(event.filmId), now(), true)
            ON CONFLICT (screening_id) DO UPDATE SET cancelled = true
            """, logger: logger)
    }
}
