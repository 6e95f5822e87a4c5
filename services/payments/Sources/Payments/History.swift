import Documents
import Foundation
import Hummingbird
import Logging
import PostgresNIO
import ServiceKit

/// Transaction history: the caller's payments (`GET /me/payments`), everyone's for staff
/// (`GET /payments`, reports:read), newest first, keyset-paginated, filtered by status and dates.
struct HistoryController: Sendable {
    let client: PostgresClient

    func addRoutes(to router: Router<ServiceRequestContext>) {
        router.get("/me/payments", use: mine)
        router.get("/payments", use: all)
    }

    func mine(_ request: Request, context: ServiceRequestContext) async throws -> Page<Payment> {
        let identity = try context.requireIdentity()
        return try await history(request, query: QueryCheck(request), user: identity.userID, context)
    }

    func all(_ request: Request, context: ServiceRequestContext) async throws -> Page<Payment> {
        _ = try context.require("reports:read")
        var query = QueryCheck(request)
        let user = query.uuid("userId")
        return try await history(request, query: query, user: user, context)
    }

    static let statuses: Set<String> = ["requires_action", "succeeded", "failed", "partially_refunded", "refunded"]

    private func history(
        _ request: Request, query: QueryCheck, user: UUID?, _ context: ServiceRequestContext
    ) async throws -> Page<Payment> {
        var query = query
        let filter = ReportFilter(&query)
        let status = query.oneOf("status", Self.statuses.sorted())
        let film = query.uuid("filmId")
        try query.finish()
        let page = try PageRequest(request: request)
        let (beforeTime, beforeID) = try page.dateAndID() ?? (.distantFuture, .max)
        let rows = try await client.query(
            """
            SELECT \(unescaped: PaymentRepository.columns) FROM payments
            WHERE (\(user)::uuid IS NULL OR user_id = \(user)) AND (\(status)::text IS NULL OR status = \(status))
              AND created_at >= \(filter.from) AND created_at < \(filter.to)
              AND (\(film)::uuid IS NULL OR booking_id IN (SELECT booking_id FROM bookings WHERE film_id = \(film)))
              AND (created_at, id) < (\(beforeTime), \(beforeID))
            ORDER BY created_at DESC, id DESC LIMIT \(page.limit + 1)
            """, logger: context.logger)
        return page.page(try await PaymentRepository.payments(rows)) {
            PageRequest.dateKey($0.createdAt, $0.id)
        }
    }
}

/// `?from=&to=` (ISO 8601; default: the last 30 days, at most a year); reports also take `cinemaId`.
struct ReportFilter: Sendable {
    var from: Date
    var to: Date
    var cinema: UUID? = nil

    /// `from` and `to` (ISO 8601; by default the last 30 days); problems are recorded in `query`.
    init(_ query: inout QueryCheck, byCinema: Bool = false) {
        to = query.dateTime("to") ?? .now.addingTimeInterval(60)
        from = query.dateTime("from") ?? to.addingTimeInterval(-30 * 86400)
        if !(from < to && to.timeIntervalSince(from) <= 366 * 86400) {
            query.refuse("to", "must be after from, at most a year later")
        }
        if byCinema { cinema = query.uuid("cinemaId") }
    }
}

/// Financial reports (reports:read) as JSON or, with `format=csv`, CSV: revenue by day, film,
/// cinema or currency (gross, discounts, refunds, net), refunds by reason, promo-code usage.
struct ReportController: Sendable {
    let client: PostgresClient

    func addRoutes(to router: Router<ServiceRequestContext>) {
        router.get("/reports/revenue", use: revenue)
        router.get("/reports/refunds", use: refunds)
        router.get("/reports/promos", use: promos)
    }

    /// A report value: text, or an integer (counts, and amounts in minor units of the row's
    /// `currency`), a JSON number in JSON.
    enum Cell: Encodable, Sendable, Equatable {
        case text(String)
        case integer(Int64)

        func encode(to encoder: any Encoder) throws {
            var container = encoder.singleValueContainer()
            switch self {
            case .text(let value): try container.encode(value)
            case .integer(let value): try container.encode(value)
            }
        }

        var csv: String {
            switch self {
            case .text(let value): Table.csvField(value)
            case .integer(let value): String(value)
            }
        }
    }

    /// A report: named columns (each once) and rows of values.
    struct Table: ResponseEncodable {
        var columns: [String]
        var rows: [[Cell]]
        /// The cinema the report is limited to, when it is (echoes `cinemaId`).
        var cinemaId: UUID? = nil

        var csv: String {
            ([columns.map(Self.csvField)] + rows.map { $0.map(\.csv) }).map { $0.joined(separator: ",") }
                .joined(separator: "\r\n") + "\r\n"
        }

        /// RFC 4180: quoted when needed, quotes doubled; a leading =, +, - or @ is neutralised
        /// (spreadsheet formula injection).
        static func csvField(_ value: String) -> String {
            var value = value
            if let first = value.first, "=+-@".contains(first), Int(value) == nil { value = "'" + value }
            guard value.contains(where: { ",\"\r\n".contains($0) }) else { return value }
            return "\"" + value.replacingOccurrences(of: "\"", with: "\"\"") + "\""
        }
    }

    static let groupings = [
        "day": "to_char(p.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD')", "film": "coalesce(b.film_title, '?')",
        "cinema": "coalesce(b.cinema_name, '?')", "currency": "p.currency",
    ]

    func revenue(_ request: Request, context: ServiceRequestContext) async throws -> Response {
        _ = try context.require("reports:read")
        var query = QueryCheck(request)
        let filter = ReportFilter(&query, byCinema: true)
        let by = query.oneOf("by", ["day", "film", "cinema", "currency"]) ?? "day"
        let format = Self.format(&query)
        try query.finish()
        let key = Self.groupings[by] ?? Self.groupings["day"]!
        let rows = try await client.query(
            """
            SELECT \(unescaped: key), p.currency, count(*)::int, coalesce(sum(cardinality(b.seat_ids)), 0)::bigint,
                   sum(p.amount)::bigint, sum(p.discount)::bigint, coalesce(sum(r.refunded), 0)::bigint
            FROM payments p LEFT JOIN bookings b ON b.booking_id = p.booking_id
            LEFT JOIN (SELECT payment_id, sum(amount) AS refunded FROM refunds GROUP BY payment_id) r ON r.payment_id = p.id
            WHERE p.status IN ('succeeded', 'partially_refunded', 'refunded')
              AND p.created_at >= \(filter.from) AND p.created_at < \(filter.to)
              AND (\(filter.cinema)::uuid IS NULL OR b.cinema_id = \(filter.cinema))
            GROUP BY 1, 2 ORDER BY 1, 2
            """, logger: context.logger)
        // Grouped by currency, the group is the currency column: one column per field.
        let keys = by == "currency" ? ["currency"] : [by, "currency"]
        var table = Table(
            columns: keys + ["payments", "tickets", "gross", "discounts", "refunds", "net"], rows: [],
            cinemaId: filter.cinema)
        for try await (group, currency, count, tickets, gross, discounts, refunded) in rows.decode(
            (String, String, Int, Int64, Int64, Int64, Int64).self)
        {
            let amounts: [Cell] = [
                .integer(Int64(count)), .integer(tickets), .integer(gross), .integer(discounts), .integer(refunded),
                .integer(gross - refunded),
            ]
            table.rows.append((by == "currency" ? [.text(currency)] : [.text(group), .text(currency)]) + amounts)
        }
        return respond(table, format: format, title: "Revenue by \(by)", filter: filter)
    }

    func refunds(_ request: Request, context: ServiceRequestContext) async throws -> Response {
        _ = try context.require("reports:read")
        var query = QueryCheck(request)
        let filter = ReportFilter(&query, byCinema: true)
        let format = Self.format(&query)
        try query.finish()
        let rows = try await client.query(
            """
            SELECT reason, currency, count(*)::int, sum(amount)::bigint, sum(fee)::bigint FROM refunds
            WHERE created_at >= \(filter.from) AND created_at < \(filter.to)
              AND (\(filter.cinema)::uuid IS NULL OR payment_id IN (
                   SELECT p.id FROM payments p JOIN bookings b ON b.booking_id = p.booking_id
                   WHERE b.cinema_id = \(filter.cinema)))
            GROUP BY 1, 2 ORDER BY 1, 2
            """, logger: context.logger)
        var table = Table(
            columns: ["reason", "currency", "refunds", "amount", "fees kept"], rows: [], cinemaId: filter.cinema)
        for try await (reason, currency, count, amount, fees) in rows.decode((String, String, Int, Int64, Int64).self) {
            table.rows.append([
                .text(reason), .text(currency), .integer(Int64(count)), .integer(amount), .integer(fees),
            ])
        }
        return respond(table, format: format, title: "Refunds by reason", filter: filter)
    }

    func promos(_ request: Request, context: ServiceRequestContext) async throws -> Response {
        _ = try context.require("reports:read")
        var query = QueryCheck(request)
        let filter = ReportFilter(&query, byCinema: true)
        let format = Self.format(&query)
        try query.finish()
        let rows = try await client.query(
            """
            SELECT r.code, coalesce(b.currency, '?'), count(*) FILTER (WHERE r.status = 'redeemed')::int,
                   count(*) FILTER (WHERE r.status = 'reserved')::int,
                   coalesce(sum(r.discount) FILTER (WHERE r.status = 'redeemed'), 0)::bigint
            FROM promo_redemptions r LEFT JOIN bookings b ON b.booking_id = r.booking_id
            WHERE r.created_at >= \(filter.from) AND r.created_at < \(filter.to)
              AND (\(filter.cinema)::uuid IS NULL OR b.cinema_id = \(filter.cinema))
            GROUP BY 1, 2 ORDER BY 1, 2
            """, logger: context.logger)
        var table = Table(
            columns: ["code", "currency", "redeemed", "in flight", "discounts"], rows: [], cinemaId: filter.cinema)
        for try await (code, currency, redeemed, reserved, discounts) in rows.decode(
            (String, String, Int, Int, Int64).self)
        {
            table.rows.append([
                .text(code), .text(currency), .integer(Int64(redeemed)), .integer(Int64(reserved)), .integer(discounts),
            ])
        }
        return respond(table, format: format, title: "Promo-code usage", filter: filter)
    }

    static func format(_ query: inout QueryCheck) -> String {
        query.oneOf("format", ["json", "csv", "pdf"]) ?? "json"
    }

    /// Columns holding amounts in minor units of the row's `currency` (formatted in the PDF).
    static let amountColumns: Set<String> = ["gross", "discounts", "refunds", "net", "amount", "fees kept"]

    private func respond(_ table: Table, format: String, title: String, filter: ReportFilter) -> Response {
        if format == "pdf" { return pdf(table, title: title, filter: filter) }
        guard format == "csv" else { return JSONBody.response(table) }
        return Response(
            status: .ok,
            headers: [
                .contentType: "text/csv; charset=utf-8", .contentDisposition: "attachment; filename=\"report.csv\"",
            ],
            body: .init(byteBuffer: ByteBuffer(string: table.csv)))
    }

    /// The table for people: amounts in major units with their currency, the period in the subtitle.
    private func pdf(_ table: Table, title: String, filter: ReportFilter) -> Response {
        let currencyColumn = table.columns.firstIndex(of: "currency")
        let rows = table.rows.map { row in
            row.enumerated().map { index, cell -> String in
                switch cell {
                case .text(let text): return text
                case .integer(let value):
                    guard Self.amountColumns.contains(table.columns[index]), let currencyColumn,
                        case .text(let currency) = row[currencyColumn]
                    else { return String(value) }
                    return Money.format(Int(value), currency)
                }
            }
        }
        let period = "\(filter.from.formatted(.iso8601)) to \(filter.to.formatted(.iso8601)) (UTC)"
        let data = TablePDF.render(
            title: "Homestudio — \(title)", subtitle: "Period: \(period)", columns: table.columns, rows: rows)
        return Response(
            status: .ok,
            headers: [.contentType: "application/pdf", .contentDisposition: "attachment; filename=\"report.pdf\""],
            body: .init(byteBuffer: ByteBuffer(data: data)))
    }
}
