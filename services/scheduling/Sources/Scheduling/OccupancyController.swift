import Documents
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
    /// `format=json` (default), `csv` or `pdf`.
    func fillRates(_ request: Request, context: ServiceRequestContext) async throws -> Response {
        _ = try context.require("reports:read")
        var query = QueryCheck(request)
        let format = query.oneOf("format", ["json", "csv", "pdf"]) ?? "json"
        let byName = query.oneOf("by", ["screening", "film", "auditorium", "day"]) ?? "film"
        let from = query.dateTime("from") ?? .now
        let to = query.dateTime("to") ?? from.addingTimeInterval(30 * 86400)
        if !(to > from && to.timeIntervalSince(from) <= 366 * 86400) {
            query.refuse("to", "must be after from, at most a year later")
        }
        let cinema = query.uuid("cinemaId")
        try query.finish()
        guard let dimension = OccupancyRepository.Dimension(rawValue: byName) else {
            throw AppError.invalid("by", "must be screening, film, auditorium or day")
        }
        let items = try await occupancy.fillRates(
            by: dimension, from: from, to: to, cinema: cinema, logger: context.logger)
        if format == "pdf" { return Self.pdf(items, by: byName, from: from, to: to) }
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

    /// Fill rates for people: one row per screening, film, auditorium or day, the rate in percent.
    static func pdf(_ items: [OccupancyRepository.FillRate], by: String, from: Date, to: Date) -> Response {
        let rows = items.map { item in
            [
                item.label, "\(item.screenings)", "\(item.capacity)", "\(item.sold)",
                String(format: "%.1f %%", item.fillRate * 100),
            ]
        }
        let data = TablePDF.render(
            title: "Homestudio — fill rates by \(by)",
            subtitle: "Screenings from \(from.formatted(.iso8601)) to \(to.formatted(.iso8601)) (UTC)",
            columns: [by, "screenings", "seats", "sold", "fill rate"], rows: rows)
        return Response(
            status: .ok,
            headers: [.contentType: "application/pdf", .contentDisposition: "attachment; filename=\"fill-rates.pdf\""],
            body: .init(byteBuffer: ByteBuffer(data: data)))
    }

    /// RFC 4180 quoting; a leading =, +, - or @ is neutralised (spreadsheet formula injection).
    static func csvField(_ value: String) -> String {
        var value = value
        if let first = value.first, "=+-@".contains(first) { value = "'" + value }
        guard value.contains(where: { ",\"\r\n".contains($0) }) else { return value }
        return "\"" + value.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
