import Foundation
import Hummingbird
import PostgresNIO
import ServiceKit

/// A staff member's dashboard: which KPI cards and charts they chose, in which order, for which
/// period and cinema. Saved server-side for that person, so that it follows them from one
/// browser or session to the next. Staff only (`dashboard:own`: moderators, admins, super admins).
struct DashboardLayout: Codable, Sendable, Equatable {
    var period: String
    /// The cinema the dashboard shows; nil: every cinema.
    var cinemaId: UUID?
    var items: [Item]

    struct Item: Codable, Sendable, Equatable {
        /// The client's own id of the item (unique in the layout).
        var id: String
        var kind: String
        var metric: String
        /// Overrides the layout's period for this item.
        var period: String?
        /// Overrides the layout's cinema for this item.
        var cinemaId: UUID?
        /// A chart drawn as a chart or shown as its data table.
        var view: String?
        /// Columns of the grid the item spans, 1 to 4.
        var width: Int?
    }

    static let periods = ["today", "week", "month", "quarter", "year", "last-7-days", "last-30-days"]
    static let cards = [
        "revenue", "tickets-sold", "average-basket", "fill-rate", "refunds", "promo-usage", "screenings-at-risk",
        "sold-out",
    ]
    static let charts = [
        "revenue-over-time", "fill-rate-by-film", "fill-rate-by-auditorium", "fill-rate-by-weekday",
        "sales-by-hours-before",
    ]
    static let maxItems = 50
    static let maxBytes = 16 * 1024

    /// What a new staff member sees until they save their own.
    static let standard = DashboardLayout(
        period: "week", cinemaId: nil,
        items: [
            Item(id: "revenue", kind: "card", metric: "revenue"),
            Item(id: "tickets", kind: "card", metric: "tickets-sold"),
            Item(id: "fill", kind: "card", metric: "fill-rate"),
            Item(id: "revenue-chart", kind: "chart", metric: "revenue-over-time", view: "chart", width: 2),
        ])

    /// Every problem of the layout, each naming its field.
    var problems: [Problem.FieldError] {
        var errors: [Problem.FieldError] = []
        if !Self.periods.contains(period) {
            errors.append(.init(field: "period", message: "must be one of \(Self.periods.joined(separator: ", "))"))
        }
        if items.count > Self.maxItems {
            errors.append(.init(field: "items", message: "must list at most \(Self.maxItems) items"))
        }
        var seen: Set<String> = []
        for (index, item) in items.prefix(Self.maxItems).enumerated() {
            let field = "items[\(index)]"
            let validID =
                (1...64).contains(item.id.count)
                && item.id.unicodeScalars.allSatisfy {
                    $0.isASCII && (CharacterSet.alphanumerics.contains($0) || "-_".unicodeScalars.contains($0))
                }
            if !validID {
                errors.append(.init(field: "\(field).id", message: "must be 1 to 64 letters, digits, - or _"))
            } else if !seen.insert(item.id).inserted {
                errors.append(.init(field: "\(field).id", message: "is used by another item"))
            }
            switch item.kind {
            case "card":
                if !Self.cards.contains(item.metric) {
                    errors.append(
                        .init(
                            field: "\(field).metric", message: "must be a card: \(Self.cards.joined(separator: ", "))"))
                }
                if item.view != nil {
                    errors.append(.init(field: "\(field).view", message: "is for charts only"))
                }
            case "chart":
                if !Self.charts.contains(item.metric) {
                    errors.append(
                        .init(
                            field: "\(field).metric", message: "must be a chart: \(Self.charts.joined(separator: ", "))"
                        ))
                }
                if let view = item.view, !["chart", "table"].contains(view) {
                    errors.append(.init(field: "\(field).view", message: "must be chart or table"))
                }
            default:
                errors.append(.init(field: "\(field).kind", message: "must be card or chart"))
            }
            if let period = item.period, !Self.periods.contains(period) {
                errors.append(.init(field: "\(field).period", message: "must be one of the periods"))
            }
            if let width = item.width, !(1...4).contains(width) {
                errors.append(.init(field: "\(field).width", message: "must be 1 to 4"))
            }
        }
        return errors
    }
}

/// `GET /me/dashboard`, `PUT /me/dashboard`.
struct DashboardController: Sendable {
    let client: PostgresClient

    static let permission = "dashboard:own"

    func addRoutes(to router: Router<ServiceRequestContext>) {
        router.get("/me/dashboard", use: show)
        router.put("/me/dashboard", use: save)
    }

    struct Dashboard: ResponseCodable {
        var period: String
        var cinemaId: UUID?
        var items: [DashboardLayout.Item]
        /// When the person last saved it; absent: the standard layout, never saved.
        var updatedAt: Date?

        init(_ layout: DashboardLayout, updatedAt: Date?) {
            period = layout.period
            cinemaId = layout.cinemaId
            items = layout.items
            self.updatedAt = updatedAt
        }
    }

    func show(_ request: Request, context: ServiceRequestContext) async throws -> Dashboard {
        let staff = try context.require(Self.permission)
        let rows = try await client.query(
            "SELECT layout::text, updated_at FROM dashboards WHERE user_id = \(staff.userID)", logger: context.logger)
        guard let (layout, updatedAt) = try await rows.decode((String, Date).self).firstElement() else {
            return Dashboard(.standard, updatedAt: nil)
        }
        return Dashboard(
            try JSONBody.decoder.decode(DashboardLayout.self, from: Data(layout.utf8)), updatedAt: updatedAt)
    }

    /// Replaces the caller's layout: at most 16 KiB and 50 items, every problem named at once.
    func save(_ request: Request, context: ServiceRequestContext) async throws -> Dashboard {
        let staff = try context.require(Self.permission)
        var request = request
        let body = try await request.collectBody(upTo: context.maxUploadSize)
        guard body.readableBytes <= DashboardLayout.maxBytes else {
            throw AppError(
                .contentTooLarge, code: "payload-too-large",
                "A dashboard layout may have at most \(DashboardLayout.maxBytes) bytes")
        }
        let layout = try StrictJSONDecoder.decode(DashboardLayout.self, from: Data(buffer: body))
        let problems = layout.problems
        guard problems.isEmpty else { throw AppError.invalid(problems) }
        let document = String(decoding: try JSONBody.encoder.encode(layout), as: UTF8.self)
        let rows = try await client.query(
            """
            INSERT INTO dashboards (user_id, layout) VALUES (\(staff.userID), \(document)::jsonb)
            ON CONFLICT (user_id) DO UPDATE SET layout = EXCLUDED.layout, updated_at = now()
            RETURNING updated_at
            """, logger: context.logger)
        let updatedAt = try await rows.decode(Date.self).firstElement()
        return Dashboard(layout, updatedAt: updatedAt)
    }
}
