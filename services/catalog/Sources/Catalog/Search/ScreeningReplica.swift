import Foundation
import Logging
import PostgresNIO

/// catalog's replica of scheduling's screenings: film, start, and where and how it plays (cinema,
/// its time zone, version, format, wheelchair places), for the browse's screening filters and for
/// preferring films showing soon in recommendations.
enum ScreeningReplica {
    /// Inserts the screening, or updates the row it has as the event's kind says (`replicaUpdate`).
    static func record<Kind>(
        _ event: ScreeningPlacement<Kind>, on connection: PostgresConnection, logger: Logger
    ) async throws {
        try await connection.query(
            """
            INSERT INTO screenings (screening_id, film_id, starts_at, auditorium_id, cinema_id, timezone, version,
                                    format, wheelchair_spaces)
            VALUES (\(event.screeningId), \(event.filmId), \(event.startsAt), \(event.auditoriumId), \(event.cinemaId),
                    \(event.timezone), \(event.version), \(event.format), \(event.wheelchairSpaces))
            ON CONFLICT (screening_id) DO UPDATE SET \(unescaped: Kind.replicaUpdate)
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

    static func auditoriumChanged(_ event: AuditoriumChanged, on connection: PostgresConnection, logger: Logger)
        async throws
    {
        try await connection.query(
            """
            UPDATE screenings SET wheelchair_spaces = \(event.wheelchairSpaces)
            WHERE auditorium_id = \(event.auditoriumId) AND NOT cancelled
            """, logger: logger)
    }
}
