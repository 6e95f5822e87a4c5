import Foundation
import Logging
import Messaging
import Metrics
import Persistence
import PostgresNIO
import ServiceKit

/// Staff alert rules (`alert_rules`), evaluated on the events that feed them:
/// - `occupancy`: a screening reached `threshold` % (from `scheduling.screening.occupancy_reached`);
/// - `fraud`: a `payments.fraud.suspected`, once per `windowMinutes` for the same subject (the
///   customer, else the booking): a burst of blocked attempts is one alert;
/// - `refunds`: at least `threshold` refunds within `windowMinutes` (once per window);
/// - `parked`: a message was parked on any service's queue (`messaging.message.parked`).
/// A firing rule sends `notifications.alert.<kind>` to its recipients on its channels.
///
/// Rules are evaluated apart from the customers' messages: each rule runs in a savepoint of the
/// event's transaction, after the customer's deliveries are stored, and a rule that fails is rolled
/// back to its savepoint, logged and counted (`notifications_alert_rule_failures_total`), never
/// failing the event.
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
        _ event: OccupancyChanged, _ received: ReceivedEvent, _ connection: PostgresConnection, _ logger: Logger
    ) async {
        let percent = event.percent
        // A rule fires when the rate crosses its own threshold upwards, once per screening (a dip
        // below and a climb back within the rule's window does not fire it again).
        for rule in await rules("occupancy", connection, logger)
        where event.previousStep < rule.threshold && rule.threshold <= percent {
            let values: [String: JSONValue] = [
                "filmTitle": .string(event.filmTitle), "sold": .string("\(event.sold)"),
                "capacity": .string("\(event.capacity)"), "percent": .string("\(percent)"),
            ]
            await isolated(rule, "occupancy", connection, logger) {
                guard try await claim(rule, subject: event.screeningId.uuidString.lowercased(), connection, logger)
                else { return }
                try await fire(
                    rule, kind: "occupancy", subject: event.screeningId.uuidString.lowercased(), values,
                    dates: ["startsAt": event.startsAt], received, connection, logger)
            }
        }
    }

    func fraud(_ event: FraudSuspected, _ received: ReceivedEvent, _ connection: PostgresConnection, _ logger: Logger)
        async
    {
        let subject = (event.userId ?? event.bookingId).uuidString.lowercased()
        for rule in await rules("fraud", connection, logger) {
            let values: [String: JSONValue] = [
                "rule": .string(event.rule), "action": .string(event.action), "detail": .string(event.detail),
                "bookingId": .string(event.bookingId.uuidString.lowercased()),
            ]
            await isolated(rule, "fraud", connection, logger) {
                guard try await claim(rule, subject: subject, connection, logger) else {
                    logger.info(
                        "fraud alert deduplicated", metadata: ["rule": "\(rule.name)", "subject": "\(subject)"])
                    return
                }
                try await fire(
                    rule, kind: "fraud", subject: subject, values, words: ["action": Self.fraudAction(event.action)],
                    received,
                    connection, logger)
            }
        }
    }

    /// Counts the refund, then fires each rule whose window holds `threshold` refunds and that has
    /// not fired within that window.
    func refund(_ received: ReceivedEvent, _ connection: PostgresConnection, _ logger: Logger) async {
        await isolated(nil, "refunds", connection, logger) {
            try await connection.query(
                "INSERT INTO refund_log (event_id) VALUES (\(received.metadata.id)) ON CONFLICT DO NOTHING",
                logger: logger)
        }
        for rule in await rules("refunds", connection, logger) {
            await isolated(rule, "refunds", connection, logger) {
                let rows = try await connection.query(
                    """
                    SELECT count(*)::int FROM refund_log
                    WHERE at > now() - \(rule.windowMinutes) * interval '1 minute'
                    """, logger: logger)
                let count = try await rows.decode(Int.self).firstElement() ?? 0
                guard count >= max(rule.threshold, 1), try await claim(rule, subject: "", connection, logger) else {
                    return
                }
                let values: [String: JSONValue] = [
                    "count": .string("\(count)"), "windowMinutes": .string("\(rule.windowMinutes)"),
                ]
                try await fire(rule, kind: "refunds", subject: nil, values, received, connection, logger)
            }
        }
    }

    func parked(_ event: MessageParked, _ received: ReceivedEvent, _ connection: PostgresConnection, _ logger: Logger)
        async
    {
        for rule in await rules("parked", connection, logger) {
            let values: [String: JSONValue] = [
                "service": .string(event.service), "messageType": .string(event.messageType),
                "reason": .string(event.reason),
            ]
            await isolated(rule, "parked", connection, logger) {
                try await fire(rule, kind: "parked", subject: event.service, values, received, connection, logger)
            }
        }
    }

    /// Runs one rule in a savepoint: whatever goes wrong in it (SQL, values, templates) is rolled
    /// back, logged and counted, and the event's own work goes on.
    func isolated(
        _ rule: Rule?, _ kind: String, _ connection: PostgresConnection, _ logger: Logger,
        _ body: () async throws -> Void
    ) async {
        do {
            try await connection.query("SAVEPOINT alert_rule", logger: logger)
        } catch {
            return failed(rule, kind, error, logger)
        }
        do {
            try await body()
            try await connection.query("RELEASE SAVEPOINT alert_rule", logger: logger)
        } catch {
            failed(rule, kind, error, logger)
            do {
                try await connection.query("ROLLBACK TO SAVEPOINT alert_rule", logger: logger)
                try await connection.query("RELEASE SAVEPOINT alert_rule", logger: logger)
            } catch {
                logger.error("alert rule rollback failed", metadata: ["error": "\(String(reflecting: error))"])
            }
        }
    }

    private func failed(_ rule: Rule?, _ kind: String, _ error: any Error, _ logger: Logger) {
        Counter(label: "notifications_alert_rule_failures_total", dimensions: [("kind", kind)]).increment()
        logger.error(
            "alert rule failed; the event's messages are unaffected",
            metadata: [
                "rule": "\(rule?.name ?? "-")", "ruleId": "\(rule?.id.uuidString ?? "-")", "kind": "\(kind)",
                "error": "\(String(reflecting: error))",
            ])
    }

    /// Claims the right to fire `rule` for `subject` (one alert per rule and subject per window):
    /// true for the first event of a window; a concurrent event waits for the row and then sees it taken.
    func claim(_ rule: Rule, subject: String, _ connection: PostgresConnection, _ logger: Logger) async throws -> Bool {
        let rows = try await connection.query(
            """
            INSERT INTO alert_firings (rule_id, subject, fired_at) VALUES (\(rule.id), \(subject), now())
            ON CONFLICT (rule_id, subject) DO UPDATE SET fired_at = now()
            WHERE alert_firings.fired_at <= now() - \(rule.windowMinutes) * interval '1 minute'
            RETURNING rule_id
            """, logger: logger)
        return try await !rows.decode(UUID.self).allElements().isEmpty
    }

    /// What payments did about a suspected fraud, in words (fr, en); an unknown action as sent.
    static func fraudAction(_ action: String) -> [String: String] {
        switch action {
        case "blocked": ["fr": "paiement bloqué", "en": "payment blocked"]
        case "authentication-required": ["fr": "3-D Secure exigé", "en": "3-D Secure required"]
        default: ["fr": action, "en": action]
        }
    }

    /// Sends the alert and logs the firing (`alert_firing_log`, with the event id of its deliveries);
    /// `dates` and `words` are written for each recipient (their language and time zone).
    private func fire(
        _ rule: Rule, kind: String, subject: String?, _ values: [String: JSONValue], dates: [String: Date] = [:],
        words: [String: [String: String]] = [:], _ received: ReceivedEvent, _ connection: PostgresConnection,
        _ logger: Logger
    ) async throws {
        var values = values
        values["ruleName"] = .string(rule.name)
        let notice = Notice(kind: "notifications.alert.\(kind)", category: .alerts, values: values)
        try await dispatcher.alert(
            notice, dates: dates, words: words, recipients: rule.recipients, channels: rule.channels, event: received,
            qualifier: rule.id.uuidString, on: connection, logger: logger)
        try await connection.query("UPDATE alert_rules SET last_fired_at = now() WHERE id = \(rule.id)", logger: logger)
        let deliveries = notice.deliveryEventID(
            received.metadata.id, type: received.metadata.type, qualifier: rule.id.uuidString)
        var details = values.compactMapValues { value -> String? in
            if case .string(let text) = value { return text } else { return nil }
        }
        for (key, date) in dates { details[key] = date.formatted(.iso8601) }
        let json = String(decoding: try JSONBody.encoder.encode(details), as: UTF8.self)
        try await connection.query(
            """
            INSERT INTO alert_firing_log (id, rule_id, rule_name, kind, subject, details, delivery_event_id)
            VALUES (\(UUID()), \(rule.id), \(rule.name), \(kind), \(subject), \(json)::jsonb, \(deliveries))
            """, logger: logger)
        logger.notice("alert rule fired", metadata: ["rule": "\(rule.name)", "kind": "\(kind)"])
    }

    /// The enabled rules of a kind; none when they cannot be read (logged and counted).
    private func rules(_ kind: String, _ connection: PostgresConnection, _ logger: Logger) async -> [Rule] {
        var rules: [Rule] = []
        await isolated(nil, kind, connection, logger) { rules = try await load(kind, connection, logger) }
        return rules
    }

    private func load(_ kind: String, _ connection: PostgresConnection, _ logger: Logger) async throws -> [Rule] {
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
