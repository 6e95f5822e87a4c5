import Foundation
import Hummingbird
import Logging
import Persistence
import PostgresNIO
import ServiceKit

struct PriceCard: ResponseCodable, Sendable {
    var id: UUID
    var cinemaId: UUID
    var name: String
    var rules: [PriceRule]
    var updatedAt: Date
    /// Set once the card is retired: no new screening may use it; those that do keep it.
    var retiredAt: Date?
}

/// A cinema's price cards (cinemas:write to create, edit and retire; anyone can read). A
/// screening may name one; its seats are then priced by the card's rules (see `Pricing`) when
/// they are held. A seat's price is fixed in the booking at that moment: editing or retiring a
/// card never changes the money already quoted on a hold (its seats, its
/// `scheduling.booking.held` event, payments' replica), nor an extension or a re-hold of it.
struct PriceCardController: Sendable {
    let client: PostgresClient

    func addRoutes(to router: Router<ServiceRequestContext>) {
        router.get("/cinemas/:id/price-cards", use: list)
        router.post("/cinemas/:id/price-cards", use: create)
        router.patch("/cinemas/:id/price-cards/:cardId", use: edit)
        router.post("/cinemas/:id/price-cards/:cardId/retire", use: retire)
    }

    struct CardInput: Decodable {
        var name: String
        var rules: [PriceRule]
    }

    /// A partial edit: the fields present replace the card's.
    struct CardEdit: Decodable {
        var name: String?
        var rules: [PriceRule]?
    }

    static let select = "SELECT id, cinema_id, name, rules::text, updated_at, retired_at FROM price_cards"

    /// What is wrong with a card's name and rules, all at once (nil: the field is not changed).
    static func problems(name: String?, rules: [PriceRule]?) -> [Problem.FieldError] {
        var errors = rules.map(Pricing.problems) ?? []
        if let name, !(1...100).contains(name.trimmingCharacters(in: .whitespaces).count) {
            errors.append(.init(field: "name", message: "must have 1 to 100 characters"))
        }
        return errors
    }

    func create(_ request: Request, context: ServiceRequestContext) async throws -> Response {
        _ = try context.require("cinemas:write")
        let cinema = try context.parameters.require("id", as: UUID.self)
        let input = try await request.decode(as: CardInput.self, context: context)
        let errors = Self.problems(name: input.name, rules: input.rules)
        guard errors.isEmpty else { throw AppError.invalid(errors) }
        let name = input.name.trimmingCharacters(in: .whitespaces)
        let id = UUID()
        let rules = String(decoding: try JSONBody.encoder.encode(input.rules), as: UTF8.self)
        do {
            let rows = try await client.query(
                """
                INSERT INTO price_cards (id, cinema_id, name, rules)
                VALUES (\(id), \(cinema), \(name), \(rules)::jsonb)
                RETURNING id, cinema_id, name, rules::text, updated_at, retired_at
                """, logger: context.logger)
            return JSONBody.response(try await Self.cards(rows)[0], status: .created)
        } catch let error where DatabaseConstraint(error) != nil {
            if case .unique = DatabaseConstraint(error) { throw Self.nameTaken }
            throw AppError.notFound("Cinema")
        }
    }

    /// `?status=active` (default: the cards a new screening may use), `retired` or `all`.
    func list(_ request: Request, context: ServiceRequestContext) async throws -> Page<PriceCard> {
        let cinema = try context.parameters.require("id", as: UUID.self)
        var query = QueryCheck(request)
        let status = query.oneOf("status", ["active", "retired", "all"]) ?? "active"
        try query.finish()
        let rows = try await client.query(
            """
            \(unescaped: Self.select) WHERE cinema_id = \(cinema)
              AND (\(status) = 'all' OR (retired_at IS NULL) = (\(status) = 'active'))
            ORDER BY name, retired_at DESC NULLS FIRST, id
            """,
            logger: context.logger)
        return Page(items: try await Self.cards(rows), nextCursor: nil)
    }

    /// Changes a live card's name and/or rules; they price the seats held from now on.
    func edit(_ request: Request, context: ServiceRequestContext) async throws -> PriceCard {
        let staff = try context.require("cinemas:write")
        let cinema = try context.parameters.require("id", as: UUID.self)
        let id = try context.parameters.require("cardId", as: UUID.self)
        let input = try await request.decode(as: CardEdit.self, context: context)
        var errors = Self.problems(name: input.name, rules: input.rules)
        if input.name == nil && input.rules == nil {
            errors.append(.init(field: "body", message: "must change name or rules"))
        }
        guard errors.isEmpty else { throw AppError.invalid(errors) }
        let name = input.name?.trimmingCharacters(in: .whitespaces)
        let rules = try input.rules.map { String(decoding: try JSONBody.encoder.encode($0), as: UTF8.self) }
        let card: PriceCard
        do {
            card = try await client.transaction(logger: context.logger) { connection in
                try await Self.requireLive(id, cinema: cinema, connection, context.logger)
                let rows = try await connection.query(
                    """
                    UPDATE price_cards SET name = coalesce(\(name), name),
                           rules = coalesce(\(rules)::jsonb, rules), updated_at = now()
                    WHERE id = \(id)
                    RETURNING id, cinema_id, name, rules::text, updated_at, retired_at
                    """, logger: context.logger)
                return try await Self.cards(rows)[0]
            }
        } catch let error where DatabaseConstraint(error) != nil {
            if case .unique = DatabaseConstraint(error) { throw Self.nameTaken }
            throw error
        }
        context.logger.notice(
            "price card edited", metadata: ["priceCardId": "\(id)", "staffId": "\(staff.userID)"])
        return card
    }

    /// Retires a card: no new screening may name it; the screenings that do keep pricing by it.
    /// Retiring a retired card changes nothing.
    func retire(_ request: Request, context: ServiceRequestContext) async throws -> PriceCard {
        let staff = try context.require("cinemas:write")
        let cinema = try context.parameters.require("id", as: UUID.self)
        let id = try context.parameters.require("cardId", as: UUID.self)
        let rows = try await client.query(
            """
            UPDATE price_cards SET retired_at = coalesce(retired_at, now()),
                   retired_by = coalesce(retired_by, \(staff.userID))
            WHERE id = \(id) AND cinema_id = \(cinema)
            RETURNING id, cinema_id, name, rules::text, updated_at, retired_at
            """, logger: context.logger)
        guard let card = try await Self.cards(rows).first else { throw AppError.notFound("Price card") }
        context.logger.notice(
            "price card retired", metadata: ["priceCardId": "\(id)", "staffId": "\(staff.userID)"])
        return card
    }

    static let nameTaken = AppError.conflict(
        "price-card-exists", "This cinema already has a live price card with that name")

    /// 404 for a card that is not this cinema's, 409 `price-card-retired` for a retired one; the
    /// row stays locked until the transaction ends.
    static func requireLive(_ id: UUID, cinema: UUID, _ connection: PostgresConnection, _ logger: Logger) async throws {
        let rows = try await connection.query(
            "SELECT retired_at FROM price_cards WHERE id = \(id) AND cinema_id = \(cinema) FOR UPDATE",
            logger: logger)
        guard let row = try await rows.decode(Date?.self).firstElement() else {
            throw AppError.notFound("Price card")
        }
        if row != nil {
            throw AppError.conflict("price-card-retired", "This price card is retired: create a new one")
        }
    }

    static func cards(_ rows: PostgresRowSequence) async throws -> [PriceCard] {
        var cards: [PriceCard] = []
        for try await (id, cinema, name, rules, updated, retired) in rows.decode(
            (UUID, UUID, String, String, Date, Date?).self)
        {
            cards.append(
                PriceCard(
                    id: id, cinemaId: cinema, name: name,
                    rules: try JSONBody.decoder.decode([PriceRule].self, from: Data(rules.utf8)), updatedAt: updated,
                    retiredAt: retired))
        }
        return cards
    }

    /// The rules of a card, read in a booking's transaction (a retired card still prices the
    /// screenings that named it before it was retired).
    static func rules(of card: UUID, _ connection: PostgresConnection, _ logger: Logger) async throws -> [PriceRule] {
        let rows = try await connection.query("SELECT rules::text FROM price_cards WHERE id = \(card)", logger: logger)
        guard let rules = try await rows.decode(String.self).firstElement() else { return [] }
        return try JSONBody.decoder.decode([PriceRule].self, from: Data(rules.utf8))
    }
}
