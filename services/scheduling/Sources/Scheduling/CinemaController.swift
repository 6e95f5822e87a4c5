import Foundation
import Hummingbird
import ServiceKit

/// Cinemas and auditorium seat maps (cinemas:write to change them; anyone can read).
struct CinemaController: Sendable {
    let cinemas: CinemaRepository

    func addRoutes(to router: Router<ServiceRequestContext>) {
        router.get("/cinemas", use: list)
        router.post("/cinemas", use: create)
        router.post("/cinemas/:id/auditoriums", use: createAuditorium)
        router.get("/cinemas/:id/auditoriums", use: auditoriums)
        router.get("/auditoriums/:id/seats", use: seats)
        router.put("/auditoriums/:id", use: replaceAuditorium)
    }

    struct CinemaInput: Decodable {
        var name: String
        var city: String
        var timezone: String?
        var currency: String?
        var legalEntity: LegalEntity?
    }

    /// A seat map as rows of seats; `gapsAfter` leaves aisles, `kinds` overrides seat kinds by number.
    struct AuditoriumInput: Decodable {
        var name: String
        var rows: [RowInput]
    }

    struct RowInput: Decodable {
        var label: String
        var seats: Int
        var gapsAfter: [Int]?
        var kinds: [String: String]?
        /// Seat numbers that cannot be sold (shown as blocked on the map).
        var blocked: [Int]?
    }

    struct Created: ResponseCodable {
        var id: UUID
    }

    func list(_ request: Request, context: ServiceRequestContext) async throws -> Page<Cinema> {
        Page(items: try await cinemas.list(logger: context.logger), nextCursor: nil)
    }

    func create(_ request: Request, context: ServiceRequestContext) async throws -> Response {
        _ = try context.require("cinemas:write")
        let input = try await request.decode(as: CinemaInput.self, context: context)
        let timezone = input.timezone ?? "Europe/Paris"
        var errors: [Problem.FieldError] = []
        if input.name.trimmingCharacters(in: .whitespaces).isEmpty {
            errors.append(.init(field: "name", message: "is required"))
        }
        if input.city.trimmingCharacters(in: .whitespaces).isEmpty {
            errors.append(.init(field: "city", message: "is required"))
        }
        if TimeZone(identifier: timezone) == nil {
            errors.append(.init(field: "timezone", message: "is not a known time zone"))
        }
        let currency = input.currency ?? "EUR"
        if currency.count != 3 || !currency.allSatisfy({ $0.isASCII && $0.isUppercase }) {
            errors.append(.init(field: "currency", message: "must be an ISO 4217 code such as EUR"))
        }
        errors += input.legalEntity?.validate() ?? []
        guard errors.isEmpty else { throw AppError.invalid(errors) }
        let id = UUID()
        try await cinemas.create(
            id: id, name: input.name, city: input.city, timezone: timezone, currency: currency,
            legalEntity: input.legalEntity, logger: context.logger)
        return JSONBody.response(Created(id: id), status: .created)
    }

    func createAuditorium(_ request: Request, context: ServiceRequestContext) async throws -> Response {
        _ = try context.require("cinemas:write")
        let cinemaID = try context.parameters.require("id", as: UUID.self)
        let input = try await request.decode(as: AuditoriumInput.self, context: context)
        let seats = try Self.seatMap(input)
        let id = UUID()
        try await cinemas.createAuditorium(
            id: id, cinemaID: cinemaID, name: input.name, seats: seats, logger: context.logger)
        return JSONBody.response(Created(id: id), status: .created)
    }

    func auditoriums(_ request: Request, context: ServiceRequestContext) async throws -> Page<AuditoriumSummary> {
        let id = try context.parameters.require("id", as: UUID.self)
        guard let cinema = try await cinemas.list(logger: context.logger).first(where: { $0.id == id }) else {
            throw AppError.notFound("Cinema")
        }
        return Page(items: cinema.auditoriums, nextCursor: nil)
    }

    /// Renames an auditorium and replaces its seat map: seats keep their identity by row label and
    /// number; a seat that was ever booked cannot be removed (block it instead); refused while
    /// screenings still to come have seats held or sold.
    func replaceAuditorium(_ request: Request, context: ServiceRequestContext) async throws -> Page<Seat> {
        _ = try context.require("cinemas:write")
        let id = try context.parameters.require("id", as: UUID.self)
        let input = try await request.decode(as: AuditoriumInput.self, context: context)
        let seats = try Self.seatMap(input)
        try await cinemas.replaceAuditorium(id: id, name: input.name, seats: seats, logger: context.logger)
        return Page(items: try await cinemas.seats(auditorium: id, logger: context.logger), nextCursor: nil)
    }

    func seats(_ request: Request, context: ServiceRequestContext) async throws -> Page<Seat> {
        let id = try context.parameters.require("id", as: UUID.self)
        let seats = try await cinemas.seats(auditorium: id, logger: context.logger)
        guard !seats.isEmpty else { throw AppError.notFound("Auditorium") }
        return Page(items: seats, nextCursor: nil)
    }

    static let kinds: Set<String> = ["standard", "premium", "wheelchair", "companion", "blocked"]

    static func seatMap(_ input: AuditoriumInput) throws -> [Seat] {
        var errors: [Problem.FieldError] = []
        if input.name.trimmingCharacters(in: .whitespaces).isEmpty {
            errors.append(.init(field: "name", message: "is required"))
        }
        if input.rows.isEmpty || input.rows.count > 50 {
            errors.append(.init(field: "rows", message: "must have 1 to 50 rows"))
        }
        if Set(input.rows.map(\.label)).count != input.rows.count {
            errors.append(.init(field: "rows", message: "labels must be unique"))
        }
        var seats: [Seat] = []
        for (rowIndex, row) in input.rows.enumerated() {
            guard (1...60).contains(row.seats), !row.label.isEmpty, row.label.count <= 4 else {
                errors.append(
                    .init(field: "rows[\(rowIndex)]", message: "needs a label (≤ 4 characters) and 1 to 60 seats"))
                continue
            }
            if let blocked = row.blocked, blocked.contains(where: { !(1...row.seats).contains($0) }) {
                errors.append(.init(field: "rows[\(rowIndex)].blocked", message: "names a seat the row does not have"))
            }
            var column = 0
            for number in 1...row.seats {
                let blocked = row.blocked?.contains(number) ?? false
                let kind = blocked ? "blocked" : row.kinds?[String(number)] ?? "standard"
                if !kinds.contains(kind) {
                    errors.append(.init(field: "rows[\(rowIndex)].kinds", message: "unknown kind \(kind)"))
                }
                seats.append(
                    Seat(
                        id: UUID(), row: row.label, number: number, rowIndex: rowIndex, columnIndex: column, kind: kind)
                )
                column += (row.gapsAfter ?? []).contains(number) ? 2 : 1
            }
        }
        guard errors.isEmpty else { throw AppError.invalid(errors) }
        return seats
    }
}
