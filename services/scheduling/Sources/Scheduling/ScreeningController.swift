import Foundation
import Hummingbird
import ServiceKit

/// Planning screenings (screenings:write) and browsing them with their seat maps (public).
struct ScreeningController: Sendable {
    let screenings: ScreeningRepository

    func addRoutes(to router: Router<ServiceRequestContext>) {
        router.get("/screenings", use: list)
        router.post("/screenings", use: create)
        router.get("/screenings/:id", use: show)
        router.get("/screenings/:id/seats", use: seats)
        router.get("/screenings/:id/best-available", use: bestAvailable)
        router.post("/screenings/check", use: check)
        router.patch("/screenings/:id", use: reschedule)
        router.post("/screenings/:id/cancel", use: cancel)
    }

    struct ScreeningInput: Decodable {
        var filmId: UUID
        var auditoriumId: UUID
        var startsAt: Date
        var priceAmount: Int
        var currency: String?
        var format: String?
        var version: String?
        var priceCardId: UUID?
        /// ISO 639-1 codes, e.g. fr, en.
        var audioLanguage: String?
        var subtitleLanguage: String?
    }

    struct Created: ResponseCodable {
        var id: UUID
    }

    static let formats: Set<String> = ["2D", "3D", "IMAX"]
    static let versions: Set<String> = ["VF", "VO", "VOSTFR"]

    func create(_ request: Request, context: ServiceRequestContext) async throws -> Response {
        _ = try context.require("screenings:write")
        let input = try await request.decode(as: ScreeningInput.self, context: context)
        let currency = input.currency
        var errors: [Problem.FieldError] = []
        if input.startsAt <= .now {
            errors.append(.init(field: "startsAt", message: "must be in the future"))
        }
        if !(0...100_000).contains(input.priceAmount) {
            errors.append(.init(field: "priceAmount", message: "must be 0 to 100000 minor units"))
        }
        if let currency, currency.count != 3 || !currency.allSatisfy({ $0.isASCII && $0.isUppercase }) {
            errors.append(.init(field: "currency", message: "must be an ISO 4217 code such as EUR"))
        }
        if let format = input.format, !Self.formats.contains(format) {
            errors.append(.init(field: "format", message: "must be 2D, 3D or IMAX"))
        }
        if let version = input.version, !Self.versions.contains(version) {
            errors.append(.init(field: "version", message: "must be VF, VO or VOSTFR"))
        }
        for (field, value) in [("audioLanguage", input.audioLanguage), ("subtitleLanguage", input.subtitleLanguage)] {
            if let value, value.count != 2 || !value.allSatisfy({ $0.isASCII && $0.isLowercase }) {
                errors.append(.init(field: field, message: "must be an ISO 639-1 code such as fr or en"))
            }
        }
        guard errors.isEmpty else { throw AppError.invalid(errors) }
        let id = try await screenings.create(
            .init(
                filmID: input.filmId, auditoriumID: input.auditoriumId, startsAt: input.startsAt,
                priceAmount: input.priceAmount, currency: currency, format: input.format ?? "2D",
                version: input.version ?? "VF", priceCardID: input.priceCardId,
                audioLanguage: input.audioLanguage ?? "fr", subtitleLanguage: input.subtitleLanguage),
            logger: context.logger)
        return JSONBody.response(Created(id: id), status: .created)
    }

    func list(_ request: Request, context: ServiceRequestContext) async throws -> Page<Screening> {
        var query = QueryCheck(request)
        let filmID = query.uuid("filmId")
        let cinemaID = query.uuid("cinemaId")
        let day = query.string("date")
        var from = query.dateTime("from") ?? .now
        if let day {
            if day.count == 10, let start = try? Date.ISO8601FormatStyle().year().month().day().parse(day) {
                // The local day of any time zone lies within a day before and two days after UTC midnight.
                if query.string("from") == nil { from = start.addingTimeInterval(-86400) }
            } else {
                query.refuse("date", "must be a date such as 2026-12-20")
            }
        }
        let to = query.dateTime("to") ?? from.addingTimeInterval(60 * 86400)
        try query.finish()
        return try await screenings.list(
            filmID: filmID, cinemaID: cinemaID, day: day, from: from, to: to, page: PageRequest(request: request),
            logger: context.logger)
    }

    func show(_ request: Request, context: ServiceRequestContext) async throws -> Screening {
        let id = try context.parameters.require("id", as: UUID.self)
        guard let screening = try await screenings.find(id, logger: context.logger) else {
            throw AppError.notFound("Screening")
        }
        return screening
    }

    func seats(_ request: Request, context: ServiceRequestContext) async throws -> Response {
        let id = try context.parameters.require("id", as: UUID.self)
        let seats = try await screenings.seatMap(id, logger: context.logger)
        guard !seats.isEmpty else { throw AppError.notFound("Screening") }
        return JSONBody.response(Page(items: seats, nextCursor: nil), headers: [.cacheControl: "no-store"])
    }

    /// The best free seats side by side (`?seats=N`, 1 to 10, default 2; `&wheelchair=true`).
    func bestAvailable(_ request: Request, context: ServiceRequestContext) async throws -> Response {
        let id = try context.parameters.require("id", as: UUID.self)
        let query = request.uri.queryParameters
        let count = query["seats"].map { Int(String($0)) ?? -1 } ?? 2
        guard (1...10).contains(count) else { throw AppError.invalid("seats", "must be 1 to 10") }
        let wheelchair: Bool
        switch query["wheelchair"].map(String.init) {
        case nil, "false": wheelchair = false
        case "true": wheelchair = true
        default: throw AppError.invalid("wheelchair", "must be true or false")
        }
        let seats = try await screenings.seatMap(id, logger: context.logger)
        guard !seats.isEmpty else { throw AppError.notFound("Screening") }
        guard let block = SeatRules.bestAvailable(seats.map(\.cell), count: count, wheelchair: wheelchair) else {
            throw AppError.conflict("no-seats-together", "No \(count) free seats side by side are left")
        }
        let chosen = Set(block.map(\.id))
        return JSONBody.response(
            Page(items: seats.filter { chosen.contains($0.id) }, nextCursor: nil), headers: [.cacheControl: "no-store"])
    }

    struct CheckInput: Decodable {
        var filmId: UUID
        var auditoriumId: UUID
        var startsAt: Date
        var excludeScreeningId: UUID?
    }

    struct CheckResult: ResponseCodable {
        var startsAt: Date
        var endsAt: Date
        var conflicts: [Screening]
    }

    /// Dry run before saving: the screenings a new (or moved) one would overlap.
    func check(_ request: Request, context: ServiceRequestContext) async throws -> CheckResult {
        _ = try context.require("screenings:write")
        let input = try await request.decode(as: CheckInput.self, context: context)
        let (endsAt, conflicts) = try await screenings.conflicts(
            film: input.filmId, auditorium: input.auditoriumId, startsAt: input.startsAt,
            excluding: input.excludeScreeningId, logger: context.logger)
        return CheckResult(startsAt: input.startsAt, endsAt: endsAt, conflicts: conflicts)
    }

    /// A move in time, to another auditorium of the same cinema, and/or to another film.
    struct RescheduleInput: Decodable {
        var startsAt: Date?
        var auditoriumId: UUID?
        var filmId: UUID?
    }

    func reschedule(_ request: Request, context: ServiceRequestContext) async throws -> Screening {
        _ = try context.require("screenings:write")
        let id = try context.parameters.require("id", as: UUID.self)
        let input = try await request.decode(as: RescheduleInput.self, context: context)
        if input.startsAt == nil && input.auditoriumId == nil && input.filmId == nil {
            throw AppError.invalid("startsAt", "is required unless auditoriumId or filmId is given")
        }
        if let startsAt = input.startsAt, startsAt <= .now {
            throw AppError.invalid("startsAt", "must be in the future")
        }
        let change = ScreeningChange(startsAt: input.startsAt, auditoriumID: input.auditoriumId, filmID: input.filmId)
        return try await screenings.reschedule(id, change, logger: context.logger)
    }

    struct CancelInput: Decodable {
        var reason: String?
    }

    struct Cancelled: ResponseCodable {
        var cancelledBookings: Int
    }

    /// Cancels the screening and its bookings; payments refunds, notifications informs.
    func cancel(_ request: Request, context: ServiceRequestContext) async throws -> Cancelled {
        _ = try context.require("screenings:write")
        let id = try context.parameters.require("id", as: UUID.self)
        let input = try await request.decode(as: CancelInput.self, context: context)
        let reason = input.reason ?? "cancelled"
        guard (1...200).contains(reason.count) else {
            throw AppError.invalid("reason", "must have 1 to 200 characters")
        }
        let count = try await screenings.cancel(id, reason: reason, logger: context.logger)
        context.logger.notice("screening cancelled", metadata: ["screeningId": "\(id)", "bookings": "\(count)"])
        return Cancelled(cancelledBookings: count)
    }
}
