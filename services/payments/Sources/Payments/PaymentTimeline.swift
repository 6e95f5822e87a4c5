import Foundation
import Hummingbird
import Logging
import PostgresNIO
import ServiceKit

/// What happened to a payment, in order: its attempts, the 3-D Secure step, the provider's webhooks
/// (recorded in `payment_events` as they happen), and its refunds, invoices, promo code and fraud
/// signals (read from their own tables).
enum PaymentEvents {
    /// One step of a payment's timeline.
    struct Step: Sendable {
        var kind: String
        var summary: String
        var details: [String: String] = [:]
    }

    /// Records one step of a payment, in the transaction that makes it.
    static func record(
        _ paymentID: UUID, kind: String, summary: String, details: [String: String] = [:],
        on connection: PostgresConnection, logger: Logger
    ) async throws {
        let step = Step(kind: kind, summary: summary, details: details)
        try await record(paymentID, [step], on: connection, logger: logger)
    }

    /// Records steps of a payment in their order, in one statement (one round trip).
    static func record(_ paymentID: UUID, _ steps: [Step], on connection: PostgresConnection, logger: Logger)
        async throws
    {
        guard !steps.isEmpty else { return }
        let details = try steps.map { String(decoding: try JSONBody.encoder.encode($0.details), as: UTF8.self) }
        try await connection.query(
            """
            INSERT INTO payment_events (payment_id, kind, summary, details)
            SELECT \(paymentID), kind, summary, details::jsonb
            FROM unnest(\(steps.map(\.kind))::text[], \(steps.map(\.summary))::text[], \(details)::text[])
                WITH ORDINALITY AS t(kind, summary, details, position)
            ORDER BY position
            """, logger: logger)
    }

    /// The first steps of a new payment, the attempt then what the provider answered, in one statement.
    static func recordAttempt(_ payment: Payment, on connection: PostgresConnection, logger: Logger) async throws {
        let amount = "\(payment.amount) \(payment.currency)"
        let attempt = Step(
            kind: "attempt", summary: "Checkout with \(payment.provider) for \(amount)",
            details: ["provider": payment.provider, "amount": String(payment.amount), "currency": payment.currency])
        let steps = [attempt] + [outcome(of: payment)].compactMap { $0 }
        try await record(payment.id, steps, on: connection, logger: logger)
    }

    /// What a payment's new status means, as a step.
    static func recordOutcome(
        _ payment: Payment, via: String? = nil, on connection: PostgresConnection, logger: Logger
    ) async throws {
        guard let step = outcome(of: payment, via: via) else { return }
        try await record(payment.id, [step], on: connection, logger: logger)
    }

    /// The step a payment's status means (nil for a status that is not an outcome).
    static func outcome(of payment: Payment, via: String? = nil) -> Step? {
        let by = via.map { " (\($0))" } ?? ""
        switch payment.status {
        case "requires_action": return Step(kind: "3ds", summary: "Authentication requested by \(payment.provider)")
        case "succeeded": return Step(kind: "succeeded", summary: "Paid\(by)")
        case "failed":
            let reason = payment.failureReason ?? "refused"
            return Step(kind: "failed", summary: "Failed: \(reason)\(by)", details: ["reason": reason])
        default: return nil
        }
    }
}

struct TimelineEntry: Codable, Sendable {
    var at: Date
    var kind: String
    var summary: String
    var details: [String: String]
}

/// `GET /payments/{id}/timeline` (reports:read or payments:refund).
struct PaymentTimelineController: Sendable {
    let client: PostgresClient

    func addRoutes(to router: Router<ServiceRequestContext>) {
        router.get("/payments/:id/timeline", use: timeline)
    }

    func timeline(_ request: Request, context: ServiceRequestContext) async throws -> Page<TimelineEntry> {
        let identity = try context.requireIdentity()
        guard identity.has("reports:read") || identity.has("payments:refund") else {
            throw AppError(.forbidden, code: "forbidden", "Needs the reports:read or payments:refund permission")
        }
        let id = try context.parameters.require("id", as: UUID.self)
        let rows = try await client.query(Self.query(id), logger: context.logger)
        var items: [TimelineEntry] = []
        for try await (at, kind, summary, details) in rows.decode((Date, String, String, String).self) {
            let fields = (try? JSONBody.decoder.decode([String: String].self, from: Data(details.utf8))) ?? [:]
            items.append(TimelineEntry(at: at, kind: kind, summary: summary, details: fields))
        }
        guard !items.isEmpty else { throw AppError.notFound("Payment") }
        return Page(items: items, nextCursor: nil)
    }

    /// Every source in one statement, oldest first; within one transaction (same `now()`) the
    /// payment's own steps come before the refund and the invoice they caused. Payments made before `payment_events` existed
    /// get their attempt and outcome from the payment row itself.
    static func query(_ id: UUID) -> PostgresQuery {
        """
        WITH p AS (SELECT * FROM payments WHERE id = \(id))
        SELECT at, kind, summary, details::text FROM (
          SELECT e.at, e.kind, e.summary, e.details, 1 AS rank, e.id AS seq
          FROM payment_events e WHERE e.payment_id = \(id)
          UNION ALL
          SELECT p.created_at, 'attempt', 'Checkout with ' || p.provider || ' for ' || p.amount || ' ' || p.currency,
                 jsonb_build_object('provider', p.provider, 'amount', p.amount::text, 'currency', p.currency), 1, 0
          FROM p WHERE NOT EXISTS (SELECT 1 FROM payment_events e WHERE e.payment_id = p.id)
          UNION ALL
          SELECT p.updated_at, CASE WHEN p.status = 'failed' THEN 'failed' ELSE 'succeeded' END,
                 CASE WHEN p.status = 'failed' THEN 'Failed: ' || coalesce(p.failure_reason, 'refused') ELSE 'Paid' END,
                 '{}'::jsonb, 1, 1
          FROM p WHERE p.status <> 'requires_action'
            AND NOT EXISTS (SELECT 1 FROM payment_events e WHERE e.payment_id = p.id)
          UNION ALL
          SELECT o.created_at, 'earlier-attempt',
                 'Earlier attempt with ' || o.provider || ': ' || o.status
                   || coalesce(' (' || o.failure_reason || ')', ''),
                 jsonb_build_object('paymentId', o.id::text, 'status', o.status), 0, 0
          FROM payments o, p WHERE o.booking_id = p.booking_id AND o.id <> p.id AND o.created_at < p.created_at
          UNION ALL
          SELECT r.created_at, 'refund', 'Refunded ' || r.amount || ' ' || r.currency || ': ' || r.reason,
                 jsonb_build_object('refundId', r.id::text, 'amount', r.amount::text, 'fee', r.fee::text,
                                    'reason', r.reason), 2, 0
          FROM refunds r WHERE r.payment_id = \(id)
          UNION ALL
          SELECT i.issued_at, 'invoice',
                 CASE WHEN i.kind = 'credit_note' THEN 'Credit note ' ELSE 'Invoice ' END || i.number,
                 jsonb_build_object('invoiceId', i.id::text, 'number', i.number, 'total', i.total::text), 3, 0
          FROM invoices i WHERE i.payment_id = \(id)
          UNION ALL
          SELECT r.created_at, 'promo', 'Promo code ' || r.code || ': ' || r.discount || ' off (' || r.status || ')',
                 jsonb_build_object('code', r.code, 'discount', r.discount::text, 'status', r.status), 0, 0
          FROM promo_redemptions r WHERE r.payment_id = \(id)
          UNION ALL
          SELECT f.created_at, 'fraud', 'Fraud rule ' || f.rule || ' (' || f.action || '): ' || f.detail,
                 jsonb_build_object('rule', f.rule, 'action', f.action), 0, 0
          FROM fraud_signals f, p WHERE f.booking_id = p.booking_id
        ) t ORDER BY at, rank, seq
        """
    }
}
