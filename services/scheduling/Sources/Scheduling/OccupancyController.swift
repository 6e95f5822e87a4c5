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
    /// `format=json` (default) or `csv`.
    func fillRates(_ request: Request, context: ServiceRequestContext) async throws -> Response {
        _ = try context.require("reports:read")
        let query = request.uri.queryParameters
        let format = query["format"].map(String.init) ?? "json"
        guard ["json", "csv"].contains(format) else { throw AppError.invalid("format", "must be json or csv") }
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
        guard format == "csv" else {
            return JSONBody.response(FillRates(by: byName, from: from, to: to, items: items))
        }
        let lines =
            ["key,label,screenings,capacity,sold,fillRate"]
            + items.map { item in
                [
                    Self.csvField(item.key), Self.csvField(item.label), "\(item.screenings)", "\(item.capacity)",
                    "\(item.sold)", "\(item.fillRate)",
                ].joined(separator: ",")
            }
        return Response(
            status: .ok,
            headers: [
                .contentType: "text/csv; charset=utf-8",
                .contentDisposition: "attachment; filename=\"fill-rates.csv\"",
            ],
            body: .init(byteBuffer: ByteBuffer(string: lines.joined(separator: "\r\n") + "\r\n")))
    }

    /// RFC 4180 quoting; a leading =, +, - or @ is neutralised (spreadsheet formula injection).
    static func csvField(_ value: String) -> String {
        var value = value
        if let first = value.first, "=+-@".contains(first) { value = "'" + value }
        guard value.contains(where: { ",\"\r\n".contains($0) }) else { return value }
        return "\"" + value.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
