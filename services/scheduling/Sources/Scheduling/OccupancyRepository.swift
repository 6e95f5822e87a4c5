import Foundation
import Hummingbird
import Logging
import PostgresNIO
import ServiceKit

/// Fill rates: the weekly planning board of a cinema and statistics by screening, film,
/// auditorium or day. A screening's capacity is its auditorium's seats that are not blocked; sold
/// seats are those of confirmed bookings.
struct OccupancyRepository: Sendable {
    let client: PostgresClient

    struct BoardScreening: Codable, Sendable {
        var id: UUID
        var filmId: UUID
        var filmTitle: String
        var startsAt: Date
        var endsAt: Date
        var format: String
        var version: String
        var status: String
        var sold: Int
        var held: Int
        /// Confirmed bookings: those a cancellation of the screening refunds.
        var bookings: Int
        var fillRate: Double
    }

    struct BoardAuditorium: Codable, Sendable {
        var id: UUID
        var name: String
        var capacity: Int
        var screenings: [BoardScreening]
    }

    struct Board: ResponseCodable, Sendable {
        var cinemaId: UUID
        var timezone: String
        var weekStart: Date
        var weekEnd: Date
        var auditoriums: [BoardAuditorium]
    }

    /// The week (Monday to Monday in the cinema's time zone) that contains `day` (default today).
    func board(cinema: UUID, day: String?, logger: Logger) async throws -> Board? {
        let week = try await client.query(
            """
            SELECT timezone,
                   date_trunc('week', coalesce(\(day)::date::timestamp, now() AT TIME ZONE timezone)) AT TIME ZONE timezone
            FROM cinemas WHERE id = \(cinema)
            """, logger: logger)
        guard let (timezone, start) = try await week.decode((String, Date).self).firstElement() else { return nil }
        let end = Calendar(identifier: .gregorian).date(byAdding: .day, value: 7, to: start) ?? start
        let rows = try await client.query(
            """
            SELECT a.id, a.name, (SELECT count(*)::int FROM seats st WHERE st.auditorium_id = a.id AND st.kind <> 'blocked'),
                   s.id, s.film_id, f.title, s.starts_at, s.ends_at, s.format, s.version, s.status,
                   (count(bs.seat_id) FILTER (WHERE b.status = 'confirmed'))::int,
                   (count(bs.seat_id) FILTER (WHERE b.status = 'held'))::int,
                   (count(DISTINCT b.id) FILTER (WHERE b.status = 'confirmed'))::int
            FROM auditoriums a
            LEFT JOIN screenings s ON s.auditorium_id = a.id AND s.starts_at >= \(start) AND s.starts_at < \(end)
            LEFT JOIN films f ON f.id = s.film_id
            LEFT JOIN booking_seats bs ON bs.screening_id = s.id AND bs.live
            LEFT JOIN bookings b ON b.id = bs.booking_id
            WHERE a.cinema_id = \(cinema)
            GROUP BY a.id, a.name, s.id, f.title ORDER BY a.name, s.starts_at
            """, logger: logger)
        var auditoriums: [BoardAuditorium] = []
        for try await row in rows.decode(
            (UUID, String, Int, UUID?, UUID?, String?, Date?, Date?, String?, String?, String?, Int, Int, Int).self)
        {
            if auditoriums.last?.id != row.0 {
                auditoriums.append(BoardAuditorium(id: row.0, name: row.1, capacity: row.2, screenings: []))
            }
            guard let id = row.3, let film = row.4, let title = row.5, let starts = row.6, let ends = row.7 else {
                continue
            }
            auditoriums[auditoriums.count - 1].screenings.append(
                BoardScreening(
                    id: id, filmId: film, filmTitle: title, startsAt: starts, endsAt: ends, format: row.8 ?? "",
                    version: row.9 ?? "", status: row.10 ?? "", sold: row.11, held: row.12, bookings: row.13,
                    fillRate: Self.rate(row.11, row.2)))
        }
        return Board(cinemaId: cinema, timezone: timezone, weekStart: start, weekEnd: end, auditoriums: auditoriums)
    }

    enum Dimension: String, CaseIterable, Sendable {
        case screening, film, auditorium, day

        /// (key, label) expressions over the per-screening rows below; fixed SQL, never input. Ids
        /// are upper-case, as everywhere else in the API.
        var columns: String {
            switch self {
            case .screening:
                "upper(id::text), title || ' ' || to_char(starts_at AT TIME ZONE timezone, 'YYYY-MM-DD HH24:MI')"
            case .film: "upper(film_id::text), title"
            case .auditorium: "upper(auditorium_id::text), cinema || ' / ' || auditorium"
            case .day:
                "to_char(starts_at AT TIME ZONE timezone, 'YYYY-MM-DD'), to_char(starts_at AT TIME ZONE timezone, 'YYYY-MM-DD')"
            }
        }
    }

    struct FillRate: Codable, Sendable {
        var key: String
        var label: String
        var screenings: Int
        var capacity: Int
        var sold: Int
        var fillRate: Double
    }

    /// Fill rates of scheduled screenings starting in `[from, to)`, grouped by `dimension`.
    func fillRates(by dimension: Dimension, from: Date, to: Date, cinema: UUID?, logger: Logger) async throws
        -> [FillRate]
    {
        let rows = try await client.query(
            """
            WITH per AS (
                SELECT s.id, s.film_id, f.title, s.auditorium_id, a.name AS auditorium, c.name AS cinema, c.timezone,
                       s.starts_at,
                       (SELECT count(*) FROM seats st WHERE st.auditorium_id = s.auditorium_id AND st.kind <> 'blocked')
                           AS capacity,
                       (SELECT count(*) FROM booking_seats bs JOIN bookings b ON b.id = bs.booking_id
                        WHERE bs.screening_id = s.id AND bs.live AND b.status = 'confirmed') AS sold
                FROM screenings s JOIN films f ON f.id = s.film_id JOIN auditoriums a ON a.id = s.auditorium_id
                JOIN cinemas c ON c.id = a.cinema_id
                WHERE s.status = 'scheduled' AND s.starts_at >= \(from) AND s.starts_at < \(to)
                  AND (\(cinema)::uuid IS NULL OR c.id = \(cinema)))
            SELECT key, label, count(*)::int, sum(capacity)::int, sum(sold)::int
            FROM (SELECT \(unescaped: dimension.columns), capacity, sold FROM per) AS t(key, label, capacity, sold)
            GROUP BY key, label ORDER BY label, key LIMIT 1000
            """, logger: logger)
        var result: [FillRate] = []
        for try await (key, label, screenings, capacity, sold) in rows.decode((String, String, Int, Int, Int).self) {
            result.append(
                FillRate(
                    key: key, label: label, screenings: screenings, capacity: capacity, sold: sold,
                    fillRate: Self.rate(sold, capacity)))
        }
        return result
    }

    /// sold / capacity, rounded to 4 decimals (0 for an empty room).
    static func rate(_ sold: Int, _ capacity: Int) -> Double {
        capacity == 0 ? 0 : (Double(sold) / Double(capacity) * 10000).rounded() / 10000
    }
}
