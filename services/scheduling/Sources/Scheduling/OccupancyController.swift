import Foundation
import Hummingbird
import ServiceKit

/// The planning board (screenings:write) and fill-rate statistics (reports:read).
struct OccupancyController: Sendable {
    let occupancy: OccupancyRepository

    func addRoutes(to router: Router<ServiceRequestContext>) {
        router.get("/cinemas/:id/calendar", use: calendar)
        router.get("/stats/fill-rates", use: fillRates)
    }

    /// `?week=YYYY-MM-DD`: any day of the wanted week (default: this week).
    func calendar(_ request: Request, context: ServiceRequestContext) async throws -> OccupancyRepository.Board {
        _ = try context.require("screenings:write")
        let id = try context.parameters.require("id", as: UUID.self)
        let day = request.uri.queryParameters["week"].map(String.init)
        if let day, (try? Date.ISO8601FormatStyle().year().month().day().parse(day)) == nil {
            throw AppError.invalid("week", "must be a date such as 2026-11-30")
        }
        guard let board = try await occupancy.board(cinema: id, day: day, logger: context.logger) else {
            throw AppError.notFound("Cinema")
        }
        return board
    }

    struct FillRates: ResponseCodable {
        var by: String
        var from: Date
        var to: Date
        var items: [OccupancyRepository.FillRate]
    }

    /// `?by=screening|film|auditorium|day&from=…&to=…&cinemaId=…` (default: film, the next 30 days).
    func fillRates(_ request: Request, context: ServiceRequestContext) async throws -> FillRates {
        _ = try context.require("reports:read")
        let query = request.uri.queryParameters
        let byName = query["by"].map(String.init) ?? "film"
        guard let dimension = OccupancyRepository.Dimension(rawValue: byName) else {
            throw AppError.invalid("by", "must be screening, film, auditorium or day")
        }
        let from = try ScreeningController.date(query["from"].map(String.init), field: "from") ?? .now
        let to =
            try ScreeningController.date(query["to"].map(String.init), field: "to")
            ?? from.addingTimeInterval(30 * 86400)
        guard to > from, to.timeIntervalSince(from) <= 366 * 86400 else {
            throw AppError.invalid("to", "must be after from, at most a year later")
        }
        let cinema = try query["cinemaId"].map { raw in
            guard let id = UUID(uuidString: String(raw)) else { throw AppError.invalid("cinemaId", "must be a UUID") }
            return id
        }
        let items = try await occupancy.fillRates(
            by: dimension, from: from, to: to, cinema: cinema, logger: context.logger)
        return FillRates(by: byName, from: from, to: to, items: items)
    }
}
