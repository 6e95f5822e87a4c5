import Foundation
import Hummingbird
import Persistence
import PostgresNIO
import ServiceKit

/// Staff manage alert rules (alerts:manage) and read the alerts that fired (alerts:manage or
/// reports:read).
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

    /// A PATCH of a rule: absent fields are unchanged (the kind cannot change).
    struct RulePatch: Decodable, Sendable {
        var name: String?
        var threshold: Int?
        var windowMinutes: Int?
        var recipients: [String]?
        var channels: [Channel]?
        var enabled: Bool?
    }

    /// One firing of a rule, with the deliveries it made (e-mail, SMS, in-app) and their status.
    struct Firing: Codable, Sendable {
        var id: UUID
        var ruleId: UUID?
        var ruleName: String
        var kind: String
        var subject: String?
        var details: [String: String]
        var firedAt: Date
        var deliveries: [FiringDelivery]
    }

    struct FiringDelivery: Codable, Sendable {
        var channel: String
        var recipient: String
        var status: String
    }

    static let kinds = ["occupancy", "fraud", "refunds", "parked"]

    func addRoutes(to router: Router<ServiceRequestContext>) {
        router.get("/alert-rules", use: list)
        router.post("/alert-rules", use: create)
        router.patch("/alert-rules/:id", use: update)
        router.delete("/alert-rules/:id", use: delete)
        router.get("/alert-firings", use: firings)
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

    /// Edits a rule (pausing it is `"enabled": false`); the rule after the edit is validated as a
    /// new one would be, every problem at once.
    func update(_ request: Request, context: ServiceRequestContext) async throws -> RuleBody {
        _ = try context.require("alerts:manage")
        let id = try context.parameters.require("id", as: UUID.self)
        let patch = try await request.decode(as: RulePatch.self, context: context)
        return try await client.transaction(logger: context.logger) { connection in
            let rows = try await connection.query(
                """
                SELECT name, kind, threshold, window_minutes, recipients, channels, enabled, last_fired_at
                FROM alert_rules WHERE id = \(id) FOR UPDATE
                """, logger: context.logger)
            guard
                let (name, kind, threshold, window, recipients, channels, enabled, fired) = try await rows.decode(
                    (String, String, Int, Int, [String], [String], Bool, Date?).self
                ).firstElement()
            else { throw AppError.notFound("Alert rule") }
            let rule = RuleBody(
                id: id, name: patch.name ?? name, kind: kind, threshold: patch.threshold ?? threshold,
                windowMinutes: patch.windowMinutes ?? window, recipients: patch.recipients ?? recipients,
                channels: patch.channels ?? channels.compactMap(Channel.init(rawValue:)),
                enabled: patch.enabled ?? enabled, lastFiredAt: fired)
            try Self.validate(rule)
            try await connection.query(
                """
                UPDATE alert_rules SET name = \(rule.name), threshold = \(rule.threshold ?? threshold),
                       window_minutes = \(rule.windowMinutes ?? window), recipients = \(rule.recipients),
                       channels = \(rule.channels.map(\.rawValue)), enabled = \(rule.enabled ?? enabled)
                WHERE id = \(id)
                """, logger: context.logger)
            context.logger.info("alert rule edited", metadata: ["ruleId": "\(id)"])
            return rule
        }
    }

    /// The alerts that fired, newest first, each with its deliveries (one more query per page).
    func firings(_ request: Request, context: ServiceRequestContext) async throws -> Page<Firing> {
        if context.identity?.has("alerts:manage") != true { _ = try context.require("reports:read") }
        var query = QueryCheck(request)
        let rule = query.uuid("ruleId")
        let kind = query.oneOf("kind", Self.kinds)
        let from = query.dateTime("from")
        let to = query.dateTime("to")
        if let from, let to, from >= to { query.refuse("to", "must be after from") }
        let page: PageRequest
        do {
            page = try PageRequest(request: request)
        } catch let error as AppError {
            for field in error.errors ?? [] { query.refuse(field.field, field.message) }
            try query.finish()
            throw error
        }
        try query.finish()
        let (before, lastID) = try page.dateAndID() ?? (.distantFuture, .max)
        let rows = try await client.query(
            """
            SELECT id, rule_id, rule_name, kind, subject, details::text, fired_at, delivery_event_id
            FROM alert_firing_log
            WHERE (\(rule)::uuid IS NULL OR rule_id = \(rule)) AND (\(kind)::text IS NULL OR kind = \(kind))
              AND (\(from)::timestamptz IS NULL OR fired_at >= \(from))
              AND (\(to)::timestamptz IS NULL OR fired_at < \(to))
              AND (fired_at, id) < (\(before), \(lastID))
            ORDER BY fired_at DESC, id DESC LIMIT \(page.limit + 1)
            """, logger: context.logger)
        var items: [Firing] = []
        var events: [UUID] = []
        for try await (id, ruleID, name, kind, subject, details, fired, event) in rows.decode(
            (UUID, UUID?, String, String, String?, String, Date, UUID).self)
        {
            let values = (try? JSONBody.decoder.decode([String: String].self, from: Data(details.utf8))) ?? [:]
            items.append(
                Firing(
                    id: id, ruleId: ruleID, ruleName: name, kind: kind, subject: subject, details: values,
                    firedAt: fired, deliveries: []))
            events.append(event)
        }
        let sent = try await client.query(
            """
            SELECT event_id, channel, recipient, status FROM deliveries
            WHERE event_id = ANY(\(events)) ORDER BY channel, recipient
            """, logger: context.logger)
        var byEvent: [UUID: [FiringDelivery]] = [:]
        for try await (event, channel, recipient, status) in sent.decode((UUID, String, String, String).self) {
            byEvent[event, default: []].append(FiringDelivery(channel: channel, recipient: recipient, status: status))
        }
        for index in items.indices { items[index].deliveries = byEvent[events[index]] ?? [] }
        return page.page(items) { PageRequest.dateKey($0.firedAt, $0.id) }
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
