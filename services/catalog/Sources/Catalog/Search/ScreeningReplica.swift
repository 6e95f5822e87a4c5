import Foundation
import Logging
import PostgresNIO

/// catalog's replica of scheduling's screenings: film, start, and where and how it plays (cinema,
/// its time zone, version, format, wheelchair places), for the browse's screening filters and for
/// preferring films showing soon in recommendations.
enum ScreeningReplica {
    /// Inserts the screening, or adds its place to a row known without one (scheduling announces
    /// screenings again with their place; the first announcement's time and film stay, a reschedule
    /// may have moved them since).
    static func scheduled(_ event: ScreeningScheduled, on connection: PostgresConnection, logger: Logger) async throws {
        try await connection.query(
            """
            INSERT INTO screenings (screening_id, film_id, starts_at, auditorium_id, cinema_id, timezone, version,
                                    format, wheelchair_spaces)
            VALUES (\(event.screeningId), \(event.filmId), \(event.startsAt), \(event.auditoriumId), \(event.cinemaId),
                    \(event.timezone), \(event.version), \(event.format), \(event.wheelchairSpaces))
            ON CONFLICT (screening_id) DO UPDATE
            SET auditorium_id = coalesce(screenings.auditorium_id, EXCLUDED.auditorium_id),
                cinema_id = coalesce(screenings.cinema_id, EXCLUDED.cinema_id),
                timezone = coalesce(screenings.timezone, EXCLUDED.timezone),
                version = coalesce(screenings.version, EXCLUDED.version),
                format = coalesce(screenings.format, EXCLUDED.format),
                wheelchair_spaces = coalesce(screenings.wheelchair_spaces, EXCLUDED.wheelchair_spaces)
            """, logger: logger)
    }

    /// A move in time, to another auditorium, or to another film (the event names the film it plays
    /// now and, since scheduling sends it, its place).
    static func rescheduled(_ event: ScreeningRescheduled, on connection: PostgresConnection, logger: Logger)
        async throws
    {
        try await connection.query(
            """
            INSERT INTO screenings (screening_id, film_id, starts_at, auditorium_id, cinema_id, timezone, version,
                                    format, wheelchair_spaces)
            VALUES (\(event.screeningId), \(event.filmId), \(event.startsAt), \(event.auditoriumId), \(event.cinemaId),
                    \(event.timezone), \(event.version), \(event.format), \(event.wheelchairSpaces))
            ON CONFLICT (screening_id) DO UPDATE
            SET starts_at = EXCLUDED.starts_at, film_id = EXCLUDED.film_id,
                auditorium_id = coalesce(EXCLUDED.auditorium_id, screenings.auditorium_id),
                cinema_id = coalesce(EXCLUDED.cinema_id, screenings.cinema_id),
                timezone = coalesce(EXCLUDED.timezone, screenings.timezone),
                version = coalesce(EXCLUDED.version, screenings.version),
                format = coalesce(EXCLUDED.format, screenings.format),
                wheelchair_spaces = coalesce(EXCLUDED.wheelchair_spaces, screenings.wheelchair_spaces)
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
