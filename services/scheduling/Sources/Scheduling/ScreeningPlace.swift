import Foundation
import Logging
import PostgresNIO

/// Where and how a screening plays, as its `scheduled` and `rescheduled` events carry it: other
/// services keep replicas from them (catalog finds films by cinema, version, local time of day and
/// wheelchair places without asking scheduling).
struct ScreeningPlace: Codable, Sendable {
    var cinemaId: UUID
    /// The cinema's IANA time zone: the screening's local time of day.
    var timezone: String
    /// VF, VO or VOSTFR.
    var version: String
    var format: String
    /// Wheelchair places of its auditorium.
    var wheelchairSpaces: Int

    /// The screening's place as it is now in the caller's transaction.
    static func of(_ screening: UUID, on connection: PostgresConnection, logger: Logger) async throws
        -> ScreeningPlace
    {
        let rows = try await connection.query(
            """
            SELECT a.cinema_id, c.timezone, s.version, s.format,
                   (SELECT count(*)::int FROM seats st WHERE st.auditorium_id = s.auditorium_id AND st.kind = 'wheelchair')
            FROM screenings s JOIN auditoriums a ON a.id = s.auditorium_id JOIN cinemas c ON c.id = a.cinema_id
            WHERE s.id = \(screening)
            """, logger: logger)
        guard
            let (cinema, timezone, version, format, wheelchair) = try await rows.decode(
                (UUID, String, String, String, Int).self
            ).firstElement()
        else { throw PlaceNotFound(screening: screening) }
        return ScreeningPlace(
            cinemaId: cinema, timezone: timezone, version: version, format: format, wheelchairSpaces: wheelchair)
    }

    struct PlaceNotFound: Error {
        var screening: UUID
    }

    /// Screenings scheduled before the events carried their place are announced again with it,
    /// once (an outbox row per screening still to come); consumers keep what they had and add the
    /// place. Skipped on a new schema, whose outbox does not exist yet and has no screenings.
    static let backfill = """
        DO $$ BEGIN
          IF to_regclass('outbox') IS NOT NULL THEN
            INSERT INTO outbox (id, type, body)
            SELECT e.id, 'scheduling.screening.scheduled', convert_to(jsonb_build_object(
                'id', e.id, 'type', 'scheduling.screening.scheduled', 'version', 1,
                'occurredAt', to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"'),
                'payload', jsonb_build_object(
                    'screeningId', e.screening_id, 'filmId', e.film_id, 'auditoriumId', e.auditorium_id,
                    'startsAt', to_char(e.starts_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"'),
                    'endsAt', to_char(e.ends_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"'),
                    'cinemaId', e.cinema_id, 'timezone', e.timezone, 'version', e.version, 'format', e.format,
                    'wheelchairSpaces', e.wheelchair))::text, 'UTF8')
            FROM (SELECT gen_random_uuid() AS id, s.id AS screening_id, s.film_id, s.auditorium_id, s.starts_at,
                         s.ends_at, a.cinema_id, c.timezone, s.version, s.format,
                         (SELECT count(*) FROM seats st
                          WHERE st.auditorium_id = s.auditorium_id AND st.kind = 'wheelchair') AS wheelchair
                  FROM screenings s JOIN auditoriums a ON a.id = s.auditorium_id JOIN cinemas c ON c.id = a.cinema_id
                  WHERE s.status = 'scheduled' AND s.ends_at > now()) e;
          END IF;
        END $$
        """
}
