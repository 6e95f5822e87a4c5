import Foundation
import Hummingbird
import Persistence
import PostgresNIO
import ServiceKit

/// Staff manage alert rules (alerts:manage).
struct AlertController: Sendable {
    let client: PostgresClient

    struct RuleBody: Codable, Sendable, ResponseEncodable {
        var id: UUID?
        var name: String
        var kind: String
        var threshold: Int?
        var windowMinutes: Int?
        var recipients: [String]
        var channels: [Channel]
        var enabled: Bool?
        var lastFiredAt: Date?
    }

    static let kinds = ["occupancy", "fraud", "refunds", "parked"]

    func addRoutes(to router: Router<ServiceRequestContext>) {
        router.get("/alert-rules", use: list)
        router.post("/alert-rules", use: create)
        router.delete("/alert-rules/:id", use: delete)
    }

    func list(_ request: Request, context: ServiceRequestContext) async throws -> Page<RuleBody> {
        _ = try context.require("alerts:manage")
        let rows = try await client.query(
            """
            SELECT id, name, kind, threshold, window_minutes, recipients, channels, enabled, last_fired_at
            FROM alert_rules ORDER BY created_at
            """, logger: context.logger)
        var items: [RuleBody] = []
        for try await (id, name, kind, threshold, window, recipients, channels, enabled, fired) in rows.decode(
            (UUID, String, String, Int, Int, [String], [String], Bool, Date?).self)
        {
            items.append(
                RuleBody(
                    id: id, name: name, kind: kind, threshold: threshold, windowMinutes: window, recipients: recipients,
                    channels: channels.compactMap(Channel.init(rawValue:)), enabled: enabled, lastFiredAt: fired))
        }
        return Page(items: items, nextCursor: nil)
    }

    func create(_ request: Request, context: ServiceRequestContext) async throws -> Response {
        _ = try context.require("alerts:manage")
        var rule = try await request.decode(as: RuleBody.self, context: context)
        try Self.validate(rule)
        rule.id = UUID()
        rule.threshold = rule.threshold ?? 0
        rule.windowMinutes = rule.windowMinutes ?? 60
        rule.enabled = rule.enabled ?? true
        try await client.query(
            """
            INSERT INTO alert_rules (id, name, kind, threshold, window_minutes, recipients, channels, enabled)
            VALUES (\(rule.id!), \(rule.name), \(rule.kind), \(rule.threshold!), \(rule.windowMinutes!),
                    \(rule.recipients), \(rule.channels.map(\.rawValue)), \(rule.enabled!))
            """, logger: context.logger)
        return JSONBody.response(rule, status: .created)
    }

    func delete(_ request: Request, context: ServiceRequestContext) async throws -> Response {
        _ = try context.require("alerts:manage")
        let id = try context.parameters.require("id", as: UUID.self)
        let rows = try await client.query(
            "DELETE FROM alert_rules WHERE id = \(id) RETURNING id", logger: context.logger)
        guard try await rows.decode(UUID.self).allElements().count == 1 else { throw AppError.notFound("Alert rule") }
        return Response(status: .noContent)
    }

    static func validate(_ rule: RuleBody) throws {
        var errors: [Problem.FieldError] = []
        if rule.name.trimmingCharacters(in: .whitespaces).isEmpty {
            errors.append(.init(field: "name", message: "must not be empty"))
        }
        if !kinds.contains(rule.kind) { errors.append(.init(field: "kind", message: "must be one of \(kinds)")) }
        if let threshold = rule.threshold, !(0...100_000).contains(threshold) {
            errors.append(.init(field: "threshold", message: "must be between 0 and 100000"))
        }
        if let window = rule.windowMinutes, !(1...10_080).contains(window) {
            errors.append(.init(field: "windowMinutes", message: "must be between 1 and 10080 (a week)"))
        }
        if rule.recipients.isEmpty || rule.recipients.count > 50 {
            errors.append(.init(field: "recipients", message: "must list 1 to 50 recipients"))
        }
        for recipient in rule.recipients
        where
            !(recipient.contains("@") || recipient.wholeMatch(of: /\+[1-9][0-9]{6,14}/) != nil
            || UUID(uuidString: recipient) != nil)
        {
            errors.append(
                .init(field: "recipients", message: "'\(recipient)' is not an e-mail address, E.164 number or user id"))
        }
        if rule.channels.isEmpty || rule.channels.contains(.push) {
            errors.append(.init(field: "channels", message: "must be some of email, sms, inapp"))
        }
        if !errors.isEmpty { throw AppError.invalid(errors) }
    }
}
