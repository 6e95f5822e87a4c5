import Foundation
import Hummingbird
import Logging
import Messaging
import Persistence
import PostgresNIO
import ServiceKit

struct Screening: ResponseCodable, Sendable {
    var id: UUID
    var filmId: UUID
    var filmTitle: String
    var auditoriumId: UUID
    var auditoriumName: String
    var cinemaId: UUID
    var cinemaName: String
    /// The cinema's IANA time zone (local days and times).
    var timezone: String
    /// Seats that can be sold (blocked ones excluded).
    var capacity: Int
    /// Sellable seats neither held nor sold now.
    var seatsFree: Int
    /// Wheelchair places neither held nor sold now.
    var wheelchairFree: Int
    var startsAt: Date
    var endsAt: Date
    var priceAmount: Int
    var currency: String
    var format: String
    var version: String
    var status: String
    var priceCardId: UUID?
    var audioLanguage: String
    var subtitleLanguage: String?
}

struct SeatState: Codable, Sendable {
    var id: UUID
    var row: String
    var number: Int
    var rowIndex: Int
    var columnIndex: Int
    var kind: String
    var state: String

    /// Held or sold (a blocked seat is not taken: it is never sold).
    var isTaken: Bool { state == "held" || state == "sold" }

    var cell: SeatCell {
        SeatCell(
            id: id, label: "\(row)\(number)", row: rowIndex, column: columnIndex, kind: kind, taken: state != "free")
    }
}

/// Screenings; the database refuses two overlapping screenings in one auditorium.
struct ScreeningRepository: Sendable {
    let client: PostgresClient
    let config: SchedulingConfig

    struct NewScreening {
        var filmID: UUID
        var auditoriumID: UUID
        var startsAt: Date
        var priceAmount: Int
        /// Nil: the cinema's currency (another one is refused).
        var currency: String?
        var format: String
        var version: String
        var priceCardID: UUID?
        var audioLanguage: String
        var subtitleLanguage: String?
    }

    func create(_ input: NewScreening, logger: Logger) async throws -> UUID {
        let id = UUID()
        let buffers = bufferSeconds
        do {
            try await client.transaction(logger: logger) { connection in
                let currency = try await Self.cinemaCurrency(
                    forAuditorium: input.auditoriumID, requested: input.currency, connection, logger)
                if let card = input.priceCardID {
                    try await Self.requireCard(card, forAuditorium: input.auditoriumID, connection, logger)
                }
                let rows = try await connection.query(
                    """
                    INSERT INTO screenings (id, film_id, auditorium_id, starts_at, ends_at, price_amount, currency,
                                            format, version, price_card_id, audio_language, subtitle_language)
                    SELECT \(id), f.id, \(input.auditoriumID), \(input.startsAt),
                           \(input.startsAt)::timestamptz + make_interval(mins => f.runtime_minutes, secs => \(buffers)),
                           \(input.priceAmount), \(currency), \(input.format), \(input.version), \(input.priceCardID),
                           \(input.audioLanguage), \(input.subtitleLanguage)
                    FROM films f WHERE f.id = \(input.filmID)
                    RETURNING ends_at
                    """, logger: logger)
                guard let endsAt = try await rows.decode(Date.self).firstElement() else {
                    throw AppError.invalid("filmId", "is not a film known to scheduling (yet)")
                }
                let event = ScreeningScheduled(
                    screeningId: id, filmId: input.filmID, auditoriumId: input.auditoriumID, startsAt: input.startsAt,
                    endsAt: endsAt, place: try await ScreeningPlace.of(id, on: connection, logger: logger))
                try await Outbox.enqueue(event, on: connection, logger: logger)
            }
        } catch let error where DatabaseConstraint(error) != nil {
            switch DatabaseConstraint(error) {
            case .exclusion: throw Self.busy
            default: throw AppError.invalid("auditoriumId", "is not a known auditorium")
            }
        }
        return id
    }

    /// Each cinema sells in its own currency.
    static func cinemaCurrency(
        forAuditorium auditorium: UUID, requested: String?, _ connection: PostgresConnection, _ logger: Logger
    ) async throws -> String {
        let rows = try await connection.query(
            "SELECT c.currency FROM auditoriums a JOIN cinemas c ON c.id = a.cinema_id WHERE a.id = \(auditorium)",
            logger: logger)
        guard let currency = try await rows.decode(String.self).firstElement() else {
            throw AppError.invalid("auditoriumId", "is not a known auditorium")
        }
        if let requested, requested != currency {
            throw AppError.invalid("currency", "this cinema sells in \(currency)")
        }
        return currency
    }

    /// A screening's price card must be one of its cinema's, and not retired (the row is
    /// locked, so that a retirement cannot slip in before the screening commits).
    static func requireCard(
        _ card: UUID, forAuditorium auditorium: UUID, _ connection: PostgresConnection, _ logger: Logger
    )
        async throws
    {
        let rows = try await connection.query(
            """
            SELECT pc.retired_at FROM price_cards pc JOIN auditoriums a ON a.cinema_id = pc.cinema_id
            WHERE pc.id = \(card) AND a.id = \(auditorium)
            FOR SHARE OF pc
            """, logger: logger)
        guard let retired = try await rows.decode(Date?.self).firstElement() else {
            throw AppError.invalid("priceCardId", "is not a price card of this auditorium's cinema")
        }
        if retired != nil {
            throw AppError.invalid("priceCardId", "is a retired price card")
        }
    }

    func find(_ id: UUID, logger: Logger) async throws -> Screening? {
        try await screenings(try await client.query("\(unescaped: Self.select) WHERE s.id = \(id)", logger: logger))
            .first
    }

    /// Screenings ordered by start within `[from, to)`, optionally of one film, at one cinema, on
    /// one local day (`YYYY-MM-DD` in the cinema's time zone).
    func list(
        filmID: UUID?, cinemaID: UUID? = nil, day: String? = nil, from: Date, to: Date, page: PageRequest,
        logger: Logger
    ) async throws -> Page<Screening> {
        let (afterTime, afterID) = try page.dateAndID() ?? (from, .zero)
        let rows = try await client.query(
            """
            \(unescaped: Self.select)
            WHERE s.status = 'scheduled' AND s.starts_at >= \(from) AND s.starts_at < \(to)
              AND (s.starts_at, s.id) > (\(afterTime), \(afterID))
              AND (\(filmID)::uuid IS NULL OR s.film_id = \(filmID))
              AND (\(cinemaID)::uuid IS NULL OR c.id = \(cinemaID))
              AND (\(day)::date IS NULL OR (s.starts_at AT TIME ZONE c.timezone)::date = \(day)::date)
            ORDER BY s.starts_at, s.id LIMIT \(page.limit + 1)
            """, logger: logger)
        return page.page(try await screenings(rows)) { PageRequest.dateKey($0.startsAt, $0.id) }
    }

    /// Every seat of the screening's auditorium with its live state (readers share a snapshot
    /// until the seats change: `SeatMapSnapshots`).
    func seatMap(_ id: UUID, logger: Logger) async throws -> [SeatState] {
        try await SeatMapSnapshots.shared.seatMap(id) {
            let version = TakenSeats.shared.version(id)
            let seats = try await client.withConnection { try await Self.seatMap(id, on: $0, logger: logger) }
            TakenSeats.shared.note(id, taken: seats.filter(\.isTaken).map(\.id), readSince: version)
            return seats
        }
    }

    /// The seat map, or only the rows of `rowsOf` (the seats of a selection).
    static func seatMap(_ id: UUID, rowsOf: [UUID]? = nil, on connection: PostgresConnection, logger: Logger)
        async throws -> [SeatState]
    {
        let rows = try await connection.query(
            """
            SELECT st.id, st.row_label, st.number, st.row_index, st.column_index, st.kind,
                   CASE WHEN st.kind = 'blocked' THEN 'blocked'
                        WHEN b.status = 'confirmed' THEN 'sold'
                        WHEN b.status = 'held' THEN 'held' ELSE 'free' END
            FROM screenings s JOIN seats st ON st.auditorium_id = s.auditorium_id
            LEFT JOIN booking_seats bs ON bs.screening_id = s.id AND bs.seat_id = st.id AND bs.live
            LEFT JOIN bookings b ON b.id = bs.booking_id
            WHERE s.id = \(id)
              AND (\(rowsOf)::uuid[] IS NULL
                   OR st.row_index IN (SELECT row_index FROM seats WHERE id = ANY(\(rowsOf)::uuid[])))
            ORDER BY st.row_index, st.column_index
            """, logger: logger)
        var seats: [SeatState] = []
        for try await (seatID, row, number, rowIndex, column, kind, state) in rows.decode(
            (UUID, String, Int, Int, Int, String, String).self)
        {
            seats.append(
                SeatState(
                    id: seatID, row: row, number: number, rowIndex: rowIndex, columnIndex: column, kind: kind,
                    state: state))
        }
        return seats
    }

    /// One query for the whole page: the seat counts are aggregates joined laterally per row (the
    /// auditorium's seats, the screening's live booking seats through `booking_seats_live`), never a
    /// query per screening.
    static let select = """
        SELECT s.id, s.film_id, f.title, s.auditorium_id, a.name, c.id, c.name, c.timezone, s.starts_at, s.ends_at,
               s.price_amount, s.currency, s.format, s.version, s.status, s.price_card_id, s.audio_language,
               s.subtitle_language, cap.seats, cap.seats - taken.seats, cap.wheelchair - taken.wheelchair
        FROM screenings s JOIN films f ON f.id = s.film_id JOIN auditoriums a ON a.id = s.auditorium_id
        JOIN cinemas c ON c.id = a.cinema_id
        CROSS JOIN LATERAL (
            SELECT count(*) FILTER (WHERE st.kind <> 'blocked')::int AS seats,
                   count(*) FILTER (WHERE st.kind = 'wheelchair')::int AS wheelchair
            FROM seats st WHERE st.auditorium_id = s.auditorium_id) cap
        CROSS JOIN LATERAL (
            SELECT count(*)::int AS seats, count(*) FILTER (WHERE st.kind = 'wheelchair')::int AS wheelchair
            FROM booking_seats bs JOIN seats st ON st.id = bs.seat_id
            WHERE bs.screening_id = s.id AND bs.live AND st.kind <> 'blocked') taken
        """

    func screenings(_ rows: PostgresRowSequence) async throws -> [Screening] {
        var result: [Screening] = []
        for try await row in rows {
            let (
                id, film, title, auditorium, auditoriumName, cinemaID, cinema, timezone, starts, ends, price, currency,
                format, version, status, card, audio, subtitles, capacity, free, wheelchairFree
            ) =
                try row.decode(
                    (
                        UUID, UUID, String, UUID, String, UUID, String, String, Date, Date, Int, String, String, String,
                        String, UUID?, String, String?, Int, Int, Int
                    ).self)
            result.append(
                Screening(
                    id: id, filmId: film, filmTitle: title, auditoriumId: auditorium, auditoriumName: auditoriumName,
                    cinemaId: cinemaID, cinemaName: cinema, timezone: timezone, capacity: capacity, seatsFree: free,
                    wheelchairFree: wheelchairFree, startsAt: starts, endsAt: ends, priceAmount: price,
                    currency: currency, format: format, version: version, status: status, priceCardId: card,
                    audioLanguage: audio, subtitleLanguage: subtitles))
        }
        return result
    }
}
