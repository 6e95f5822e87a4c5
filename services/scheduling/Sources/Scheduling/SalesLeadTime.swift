import Documents
import Foundation
import Hummingbird
import Logging
import PostgresNIO
import ServiceKit

/// How long before the screening people book: confirmed bookings by the hours between their
/// confirmation and the screening's start (reports:read).
struct SalesLeadTime: Sendable {
    let client: PostgresClient

    struct Bucket: Codable, Sendable {
        var key: String
        var label: String
        var fromHours: Int
        /// nil: open-ended.
        var toHours: Int?
        var bookings: Int
        var tickets: Int
    }

    struct Report: ResponseCodable {
        var from: Date
        var to: Date
        var items: [Bucket]
    }

    /// The buckets, in hours: [from, to).
    static let buckets: [(key: String, label: String, from: Int, to: Int?)] = [
        ("0-2", "0–2 h", 0, 2), ("2-6", "2–6 h", 2, 6), ("6-24", "6–24 h", 6, 24), ("24-72", "1–3 days", 24, 72),
        ("72-168", "3–7 days", 72, 168), ("168+", "7+ days", 168, nil),
    ]

    func addRoutes(to router: Router<ServiceRequestContext>) {
        router.get("/stats/sales-lead-time", use: report)
    }

    /// `?from=&to=` bound the confirmation time (default: the last 30 days); `cinemaId`; `format=json|csv|pdf`.
    func report(_ request: Request, context: ServiceRequestContext) async throws -> Response {
        _ = try context.require("reports:read")
        var query = QueryCheck(request)
        let format = query.oneOf("format", ["json", "csv", "pdf"]) ?? "json"
        let to = query.dateTime("to") ?? .now
        let from = query.dateTime("from") ?? to.addingTimeInterval(-30 * 86400)
        if !(to > from && to.timeIntervalSince(from) <= 366 * 86400) {
            query.refuse("to", "must be after from, at most a year later")
        }
        let cinema = query.uuid("cinemaId")
        try query.finish()
        let items = try await buckets(from: from, to: to, cinema: cinema, logger: context.logger)
        switch format {
        case "csv": return Self.csv(items)
        case "pdf": return Self.pdf(items, from: from, to: to)
        default: return JSONBody.response(Report(from: from, to: to, items: items))
        }
    }

    func buckets(from: Date, to: Date, cinema: UUID?, logger: Logger) async throws -> [Bucket] {
        let rows = try await client.query(
            """
            SELECT floor(extract(epoch FROM s.starts_at - b.confirmed_at) / 3600)::int AS hours, count(*)::int,
                   (SELECT count(*) FROM booking_seats bs WHERE bs.booking_id = b.id)::int
            FROM bookings b JOIN screenings s ON s.id = b.screening_id JOIN auditoriums a ON a.id = s.auditorium_id
            WHERE b.status = 'confirmed' AND b.confirmed_at >= \(from) AND b.confirmed_at < \(to)
              AND (\(cinema)::uuid IS NULL OR a.cinema_id = \(cinema))
            GROUP BY b.id, hours
            """, logger: logger)
        var items = Self.buckets.map {
            Bucket(key: $0.key, label: $0.label, fromHours: $0.from, toHours: $0.to, bookings: 0, tickets: 0)
        }
        for try await (hours, bookings, tickets) in rows.decode((Int, Int, Int).self) {
            let index = Self.buckets.firstIndex { max(hours, 0) >= $0.from && ($0.to.map { hours < $0 } ?? true) }
            guard let index else { continue }
            items[index].bookings += bookings
            items[index].tickets += tickets
        }
        return items
    }

    static func csv(_ items: [Bucket]) -> Response {
        let lines =
            ["key,label,fromHours,toHours,bookings,tickets"]
            + items.map {
                "\($0.key),\($0.label),\($0.fromHours),\($0.toHours.map(String.init) ?? ""),\($0.bookings),\($0.tickets)"
            }
        return Response(
            status: .ok,
            headers: [
                .contentType: "text/csv; charset=utf-8",
                .contentDisposition: "attachment; filename=\"sales-lead-time.csv\"",
            ],
            body: .init(byteBuffer: ByteBuffer(string: lines.joined(separator: "\r\n") + "\r\n")))
    }

    static func pdf(_ items: [Bucket], from: Date, to: Date) -> Response {
        let data = TablePDF.render(
            title: "Homestudio — sales by hours before the screening",
            subtitle: "Bookings confirmed from \(from.formatted(.iso8601)) to \(to.formatted(.iso8601)) (UTC)",
            columns: ["before the screening", "bookings", "tickets"],
            rows: items.map { [$0.label, "\($0.bookings)", "\($0.tickets)"] })
        return Response(
            status: .ok,
            headers: [
                .contentType: "application/pdf", .contentDisposition: "attachment; filename=\"sales-lead-time.pdf\"",
            ],
            body: .init(byteBuffer: ByteBuffer(data: data)))
    }
}
