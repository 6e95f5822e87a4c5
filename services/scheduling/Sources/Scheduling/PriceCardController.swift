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
}

/// A cinema's price cards (cinemas:write to create; anyone can read). A screening may name one;
/// its seats are then priced by the card's rules (see `Pricing`).
struct PriceCardController: Sendable {
    let client: PostgresClient

    func addRoutes(to router: Router<ServiceRequestContext>) {
        router.get("/cinemas/:id/price-cards", use: list)
        router.post("/cinemas/:id/price-cards", use: create)
    }

    struct CardInput: Decodable {
        var name: String
        var rules: [PriceRule]
    }

    func create(_ request: Request, context: ServiceRequestContext) async throws -> Response {
        _ = try context.require("cinemas:write")
        let cinema = try context.parameters.require("id", as: UUID.self)
        let input = try await request.decode(as: CardInput.self, context: context)
        var errors = Pricing.problems(input.rules)
        let name = input.name.trimmingCharacters(in: .whitespaces)
        if !(1...100).contains(name.count) {
            errors.append(.init(field: "name", message: "must have 1 to 100 characters"))
        }
        guard errors.isEmpty else { throw AppError.invalid(errors) }
        let card = PriceCard(id: UUID(), cinemaId: cinema, name: name, rules: input.rules)
        let rules = String(decoding: try JSONBody.encoder.encode(input.rules), as: UTF8.self)
        do {
            try await client.query(
                """
                INSERT INTO price_cards (id, cinema_id, name, rules)
                VALUES (\(card.id), \(cinema), \(name), \(rules)::jsonb)
                """, logger: context.logger)
        } catch let error where DatabaseConstraint(error) != nil {
            if case .unique = DatabaseConstraint(error) {
                throw AppError.conflict("price-card-exists", "This cinema already has a price card with that name")
            }
            throw AppError.notFound("Cinema")
        }
        return JSONBody.response(card, status: .created)
    }

    func list(_ request: Request, context: ServiceRequestContext) async throws -> Page<PriceCard> {
        let cinema = try context.parameters.require("id", as: UUID.self)
        let rows = try await client.query(
            "SELECT id, name, rules::text FROM price_cards WHERE cinema_id = \(cinema) ORDER BY name",
            logger: context.logger)
        var cards: [PriceCard] = []
        for try await (id, name, rules) in rows.decode((UUID, String, String).self) {
            cards.append(
                PriceCard(
                    id: id, cinemaId: cinema, name: name,
                    rules: try JSONBody.decoder.decode([PriceRule].self, from: Data(rules.utf8))))
        }
        return Page(items: cards, nextCursor: nil)
    }

    /// The rules of a card, read in a booking's transaction.
    static func rules(of card: UUID, _ connection: PostgresConnection, _ logger: Logger) async throws -> [PriceRule] {
        let rows = try await connection.query("SELECT rules::text FROM price_cards WHERE id = \(card)", logger: logger)
        guard let rules = try await rows.decode(String.self).firstElement() else { return [] }
        return try JSONBody.decoder.decode([PriceRule].self, from: Data(rules.utf8))
    }
}
