import Foundation
import Hummingbird
import Logging
import Messaging
import Persistence
import PostgresNIO
import ServiceKit

struct Booking: ResponseCodable, Sendable {
    var id: UUID
    var screeningId: UUID
    var userId: UUID
    var status: String
    var amount: Int
    var currency: String
    var expiresAt: Date
    var createdAt: Date
    var seats: [BookedSeat]
    var tickets: [IssuedTicket]
    /// The screening, so that a client shows the booking without fetching it.
    var filmId: UUID
    var filmTitle: String
    var startsAt: Date
    var endsAt: Date
    var cinemaId: UUID
    var cinemaName: String
    var auditoriumName: String
    var timezone: String
    /// `scheduling.cancellation.cutoff.minutes` before the start: a paid booking can be cancelled until then.
    var cancellableUntil: Date
    /// Whether the hold's one extension was used.
    var extended: Bool
}

/// Seat holds and bookings. The partial unique index on live booking seats makes a double sale
/// impossible even when two requests race for the same seat.
struct BookingRepository: Sendable {
    let client: PostgresClient
    let config: SchedulingConfig

    /// Holds seats; `audiences` gives a seat's audience (adult when absent) for its price.
    func hold(screeningID: UUID, seatIDs: [UUID], audiences: [UUID: String] = [:], identity: Identity, logger: Logger)
        async throws -> UUID
    {
        // Most attempts of a rush ask for a seat someone holds already: one known taken is refused
        // without a transaction (`TakenSeats`; a seat freed on another replica a moment ago is a
        // race lost, as when two clients pick one seat).
        if TakenSeats.shared.refuses(screeningID, Set(seatIDs)) { throw Self.seatTaken }
        let version = TakenSeats.shared.version(screeningID)
        let bookingID = UUID()
        do {
            try await client.transaction(logger: logger) { connection in
                let screening = try await bookableScreening(screeningID, connection, logger)
                var rules: [PriceRule]?
                if let card = screening.priceCard {
                    rules = try await PriceCardController.rules(of: card, connection, logger)
                }
                let seats = try await seatsToHold(
                    seatIDs, screening: screening, rules: rules, audiences: audiences, connection, logger)
                try await refuseTakenOrOrphaned(screeningID, taking: seatIDs, version, connection, logger)
                let amount = seats.reduce(0) { $0 + $1.price }
                let expiresAt = Date.now.addingTimeInterval(TimeInterval(config.holdTTLSeconds))
                try await connection.query(
                    """
                    INSERT INTO bookings (id, screening_id, user_id, user_email, status, amount, currency, expires_at)
                    VALUES (\(bookingID), \(screeningID), \(identity.userID), \(identity.email), 'held', \(amount),
                            \(screening.currency), \(expiresAt))
                    """, logger: logger)
                // One statement for every seat (a round trip less per extra seat).
                try await connection.query(
                    """
                    INSERT INTO booking_seats (booking_id, screening_id, seat_id, price, live, audience)
                    SELECT \(bookingID), \(screeningID), seat, price, true, audience
                    FROM unnest(\(seats.map(\.seatId))::uuid[], \(seats.map(\.price))::int[], \(seats.map(\.audience))::text[])
                         AS s(seat, price, audience)
                    """, logger: logger)
                let event = BookingHeld(
                    bookingId: bookingID, screeningId: screeningID, userId: identity.userID, userEmail: identity.email,
                    filmId: screening.filmID, filmTitle: screening.filmTitle, startsAt: screening.startsAt,
                    seats: seats,
                    amount: amount, currency: screening.currency, expiresAt: expiresAt,
                    cinemaName: screening.cinemaName, cinemaId: screening.cinemaID, seller: screening.seller)
                try await Outbox.enqueue(event, on: connection, logger: logger)
                try await SeatChanges.notify(screeningID, freesSeats: false, connection, logger)
                TransactionHooks.current?.afterCommit {
                    TakenSeats.shared.note(screeningID, taken: seatIDs, readSince: version)
                }
            }
        } catch let error where DatabaseConstraint(error) == .unique(constraint: "booking_seats_live") {
            throw Self.seatTaken
        }
        return bookingID
    }

    /// Whether one of the `wanted` seats is held or sold in `map` (a blocked seat is refused elsewhere).
    static func takesTakenSeat(_ map: [SeatState], _ wanted: Set<UUID>) -> Bool {
        map.contains { wanted.contains($0.id) && $0.isTaken }
    }

    static let seatTaken = AppError.conflict("seat-unavailable", "One of these seats was just taken by someone else")

    private struct BookableScreening {
        var auditoriumID: UUID
        var filmID: UUID
        var filmTitle: String
        var startsAt: Date
        var price: Int
        var currency: String
        var priceCard: UUID?
        var cinemaName: String
        var cinemaID: UUID
        var pricing: PricingContext
        var seller: HeldSeller?
    }

    private func bookableScreening(_ id: UUID, _ connection: PostgresConnection, _ logger: Logger) async throws
        -> BookableScreening
    {
        let rows = try await connection.query(
            """
            SELECT s.auditorium_id, s.film_id, f.title, s.starts_at, s.price_amount, s.currency, s.status,
                   s.price_card_id, s.format, c.name, extract(isodow FROM s.starts_at AT TIME ZONE c.timezone)::int,
                   (extract(hour FROM s.starts_at AT TIME ZONE c.timezone) * 60
                    + extract(minute FROM s.starts_at AT TIME ZONE c.timezone))::int, c.legal_entity::text, c.id
            FROM screenings s JOIN films f ON f.id = s.film_id JOIN auditoriums a ON a.id = s.auditorium_id
            JOIN cinemas c ON c.id = a.cinema_id
            WHERE s.id = \(id) FOR SHARE OF s
            """, logger: logger)
        for try await (
            auditorium, film, title, starts, price, currency, status, card, format, cinema, weekday, minute, entity,
            cinemaID
        )
            in rows.decode(
                (UUID, UUID, String, Date, Int, String, String, UUID?, String, String, Int, Int, String?, UUID).self)
        {
            guard status == "scheduled" else {
                throw AppError.conflict("screening-cancelled", "This screening was cancelled")
            }
            guard starts.addingTimeInterval(TimeInterval(config.lateEntryMinutes * 60)) > .now else {
                throw AppError.conflict(
                    "screening-started",
                    "This screening started more than \(config.lateEntryMinutes) minutes ago; seats are no longer sold")
            }
            return BookableScreening(
                auditoriumID: auditorium, filmID: film, filmTitle: title, startsAt: starts, price: price,
                currency: currency, priceCard: card, cinemaName: cinema, cinemaID: cinemaID,
                pricing: PricingContext(format: format, weekday: weekday, minute: minute),
                seller: try entity.flatMap { try Self.seller(Data($0.utf8)) })
        }
        throw AppError.notFound("Screening")
    }

    /// The seller of a sale made now: the cinema's legal entity with the VAT rate in force today.
    static func seller(_ json: Data, on date: Date = .now) throws -> HeldSeller? {
        let entity = try JSONBody.decoder.decode(LegalEntity.self, from: json)
        guard let rate = entity.rate(on: date) else { return nil }
        return HeldSeller(
            name: entity.name, address: entity.address, country: entity.country, vatNumber: entity.vatNumber,
            vatRatePermille: rate)
    }

    /// The seats with their price: the price card's rule for the seat's kind and audience, else
    /// (adults only) the screening's base price.
    private func seatsToHold(
        _ ids: [UUID], screening: BookableScreening, rules: [PriceRule]?, audiences: [UUID: String],
        _ connection: PostgresConnection, _ logger: Logger
    ) async throws -> [BookedSeat] {
        let rows = try await connection.query(
            """
            SELECT id, row_label, number, kind FROM seats
            WHERE auditorium_id = \(screening.auditoriumID) AND id = ANY(\(ids)) ORDER BY row_index, column_index
            """, logger: logger)
        var seats: [BookedSeat] = []
        for try await (id, row, number, kind) in rows.decode((UUID, String, Int, String).self) {
            guard kind != "blocked" else { throw AppError.invalid("seatIds", "seat \(row)\(number) cannot be sold") }
            let audience = audiences[id] ?? "adult"
            let carded = rules.flatMap {
                Pricing.price($0, audience: audience, seatKind: kind, at: screening.pricing)
            }
            guard let price = carded ?? (audience == "adult" ? screening.price : nil) else {
                throw AppError.invalid("audiences", "no \(audience) price for seat \(row)\(number) at this screening")
            }
            seats.append(BookedSeat(seatId: id, row: row, number: number, price: price, audience: audience))
        }
        guard seats.count == ids.count else {
            throw AppError.invalid("seatIds", "some seats are not in this screening's auditorium")
        }
        return seats
    }

    /// From one read of the selection's rows: a seat already held or sold is refused (409), then the
    /// "no orphan seat" rule (422): a selection may not leave one free seat alone between taken ones.
    private func refuseTakenOrOrphaned(
        _ screening: UUID, taking seatIDs: [UUID], _ version: ScreeningVersions.Version,
        _ connection: PostgresConnection, _ logger: Logger
    ) async throws {
        let map = try await ScreeningRepository.seatMap(screening, rowsOf: seatIDs, on: connection, logger: logger)
        // A seat already held or sold (committed before this transaction's statement) is refused
        // here, before any insert; the unique index on live booking seats still settles a race.
        let wanted = Set(seatIDs)
        if Self.takesTakenSeat(map, wanted) {
            TakenSeats.shared.note(screening, taken: map.filter(\.isTaken).map(\.id), readSince: version)
            throw Self.seatTaken
        }
        let seats = map.map(\.cell)
        let orphans = SeatRules.orphans(in: seats, taking: wanted)
        guard orphans.isEmpty else {
            let labels = orphans.map(\.label).joined(separator: ", ")
            throw AppError(
                .unprocessableContent, code: "orphan-seat",
                "This selection would leave seat \(labels) alone between taken seats; include it or move over by one",
                errors: [.init(field: "seatIds", message: "leaves \(labels) alone")])
        }
    }

    func find(_ id: UUID, logger: Logger) async throws -> Booking? {
        try await bookings(try await client.query("\(unescaped: Self.select) WHERE b.id = \(id)", logger: logger)).first
    }

    func list(user: UUID, page: PageRequest, logger: Logger) async throws -> Page<Booking> {
        let after = page.after.flatMap(Double.init).map { Date(timeIntervalSince1970: $0) } ?? .distantFuture
        let rows = try await client.query(
            """
            \(unescaped: Self.select) WHERE b.user_id = \(user) AND b.created_at < \(after)
            ORDER BY b.created_at DESC LIMIT \(page.limit + 1)
            """, logger: logger)
        return page.page(try await bookings(rows)) { String($0.createdAt.timeIntervalSince1970) }
    }

    static let select = """
        SELECT b.id, b.screening_id, b.user_id, b.status, b.amount, b.currency, b.expires_at, b.created_at,
          b.extended, f.id, f.title, sc.starts_at, sc.ends_at, c.id, c.name, a.name, c.timezone,
          COALESCE((SELECT json_agg(json_build_object('seatId', s.id, 'row', s.row_label, 'number', s.number,
                      'price', bs.price, 'audience', bs.audience) ORDER BY s.row_index, s.column_index)
                    FROM booking_seats bs JOIN seats s ON s.id = bs.seat_id WHERE bs.booking_id = b.id), '[]')::text,
          COALESCE((SELECT json_agg(json_build_object('code', t.code, 'row', s.row_label, 'number', s.number,
                      'signature', t.signature,
                      'status', CASE WHEN t.cancelled_at IS NULL THEN 'valid' ELSE 'cancelled' END) ORDER BY s.row_index, s.column_index)
                    FROM tickets t JOIN seats s ON s.id = t.seat_id WHERE t.booking_id = b.id), '[]')::text
        FROM bookings b JOIN screenings sc ON sc.id = b.screening_id JOIN films f ON f.id = sc.film_id
        JOIN auditoriums a ON a.id = sc.auditorium_id JOIN cinemas c ON c.id = a.cinema_id
        """

    private func bookings(_ rows: PostgresRowSequence) async throws -> [Booking] {
        var result: [Booking] = []
        for try await row in rows {
            let (
                id, screening, user, status, amount, currency, expires, created, extended, film, title, starts, ends,
                cinemaID, cinema, auditorium, timezone, seats, tickets
            ) = try row.decode(
                (
                    UUID, UUID, UUID, String, Int, String, Date, Date, Bool, UUID, String, Date, Date, UUID, String,
                    String, String, String, String
                ).self)
            result.append(
                Booking(
                    id: id, screeningId: screening, userId: user, status: status, amount: amount, currency: currency,
                    expiresAt: expires, createdAt: created,
                    seats: try JSONDecoder().decode([BookedSeat].self, from: Data(seats.utf8)),
                    tickets: try JSONDecoder().decode([IssuedTicket].self, from: Data(tickets.utf8)),
                    filmId: film, filmTitle: title, startsAt: starts, endsAt: ends, cinemaId: cinemaID,
                    cinemaName: cinema, auditoriumName: auditorium, timezone: timezone,
                    cancellableUntil: starts.addingTimeInterval(-TimeInterval(config.cancellationCutoffMinutes * 60)),
                    extended: extended))
        }
        return result
    }
}
