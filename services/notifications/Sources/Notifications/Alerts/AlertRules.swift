import Foundation
import Logging
import Messaging
import Persistence
import PostgresNIO
import ServiceKit

/// Staff alert rules (`alert_rules`), evaluated on the events that feed them:
/// - `occupancy`: a screening reached `threshold` % (from `scheduling.screening.occupancy_reached`);
/// - `fraud`: any `payments.fraud.suspected`;
/// - `refunds`: at least `threshold` refunds within `windowMinutes` (once per window);
/// - `parked`: a message was parked on any service's queue (`messaging.message.parked`).
/// A firing rule sends `notifications.alert.<kind>` to its recipients on its channels.
struct AlertRules: Sendable {
    let dispatcher: Dispatcher

    struct Rule: Sendable {
        var id: UUID
        var name: String
        var threshold: Int
        var windowMinutes: Int
        var recipients: [String]
        var channels: [Channel]
    }

    func occupancy(
        _ event: OccupancyReached, _ received: ReceivedEvent, _ connection: PostgresConnection, _ logger: Logger
    )
        async throws
    {
        let percent = event.capacity > 0 ? event.sold * 100 / event.capacity : 0
        for rule in try await rules("occupancy", connection, logger) where percent >= rule.threshold {
            let values: [String: JSONValue] = [
                "filmTitle": .string(event.filmTitle),
                "startsAt": .string(Formatting.dateTime(event.startsAt, language: "fr")),
                "sold": .string("\(event.sold)"), "capacity": .string("\(event.capacity)"),
                "percent": .string("\(percent)"),
            ]
            try await fire(rule, kind: "occupancy", values, received, connection, logger)
        }
    }

    func fraud(_ event: FraudSuspected, _ received: ReceivedEvent, _ connection: PostgresConnection, _ logger: Logger)
        async throws
    {
        for rule in try await rules("fraud", connection, logger) {
            let values: [String: JSONValue] = [
                "rule": .string(event.rule), "action": .string(event.action), "detail": .string(event.detail),
                "bookingId": .string(event.bookingId.uuidString.lowercased()),
            ]
            try await fire(rule, kind: "fraud", values, received, connection, logger)
        }
    }

    /// Counts the refund, then fires each rule whose window holds `threshold` refunds and that has
    /// not fired within that window.
    func refund(_ received: ReceivedEvent, _ connection: PostgresConnection, _ logger: Logger) async throws {
        try await connection.query(
            "INSERT INTO refund_log (event_id) VALUES (\(received.metadata.id)) ON CONFLICT DO NOTHING", logger: logger)
        for rule in try await rules("refunds", connection, logger) {
            let rows = try await connection.query(
                """
                SELECT count(*)::int FROM refund_log
                WHERE at > now() - make_interval(mins => \(rule.windowMinutes))
                """, logger: logger)
            let count = try await rows.decode(Int.self).firstElement() ?? 0
            guard count >= max(rule.threshold, 1) else { continue }
            let claimed = try await connection.query(
                """
                UPDATE alert_rules SET last_fired_at = now()
                WHERE id = \(rule.id) AND (last_fired_at IS NULL
                      OR last_fired_at < now() - make_interval(mins => \(rule.windowMinutes)))
                RETURNING id
                """, logger: logger)
            guard try await !claimed.decode(UUID.self).allElements().isEmpty else { continue }
            let values: [String: JSONValue] = [
                "count": .string("\(count)"), "windowMinutes": .string("\(rule.windowMinutes)"),
            ]
            try await fire(rule, kind: "refunds", values, received, connection, logger)
        }
    }

    func parked(_ event: MessageParked, _ received: ReceivedEvent, _ connection: PostgresConnection, _ logger: Logger)
        async throws
    {
        for rule in try await rules("parked", connection, logger) {
            let values: [String: JSONValue] = [
                "service": .string(event.service), "messageType": .string(event.messageType),
                "reason": .string(event.reason),
            ]
            try await fire(rule, kind: "parked", values, received, connection, logger)
        }
    }

    private func fire(
        _ rule: Rule, kind: String, _ values: [String: JSONValue], _ received: ReceivedEvent,
        _ connection: PostgresConnection, _ logger: Logger
    ) async throws {
        var values = values
        values["ruleName"] = .string(rule.name)
        let notice = Notice(kind: "notifications.alert.\(kind)", category: .alerts, values: values)
        try await dispatcher.alert(
            notice, recipients: rule.recipients, channels: rule.channels, event: received,
            qualifier: rule.id.uuidString, on: connection, logger: logger)
        try await connection.query("UPDATE alert_rules SET last_fired_at = now() WHERE id = \(rule.id)", logger: logger)
        logger.notice("alert rule fired", metadata: ["rule": "\(rule.name)", "kind": "\(kind)"])
    }

    private func rules(_ kind: String, _ connection: PostgresConnection, _ logger: Logger) async throws -> [Rule] {
        let rows = try await connection.query(
            """
            SELECT id, name, threshold, window_minutes, recipients, channels FROM alert_rules
            WHERE kind = \(kind) AND enabled ORDER BY created_at
            """, logger: logger)
        var rules: [Rule] = []
        for try await (id, name, threshold, window, recipients, channels) in rows.decode(
            (UUID, String, Int, Int, [String], [String]).self)
        {
            rules.append(
                Rule(
                    id: id, name: name, threshold: threshold, windowMinutes: window, recipients: recipients,
                    channels: channels.compactMap(Channel.init(rawValue:))))
        }
        return rules
    }
}
