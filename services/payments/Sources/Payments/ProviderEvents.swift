import Foundation
import Logging
import Persistence
import PostgresNIO
import ServiceKit

/// What a provider's webhook says about one of our payments.
struct ProviderEvent: Sendable {
    enum Effect: Sendable, Equatable {
        case succeeded
        case failed(reason: String)
        /// Recorded, changes nothing (an event type we do not act on).
        case none
    }

    var provider: String
    var id: String
    var type: String
    var reference: String
    var effect: Effect
}

/// Applies provider events at least once, in any order, once each: the event id is recorded in
/// the same transaction as its effect (a redelivery is a no-op), and a payment only moves forward
/// (`requires_action` → `succeeded` or `failed`; a late `failed` after `succeeded` changes nothing).
struct ProviderEventStore: Sendable {
    let client: PostgresClient
    let payments: PaymentRepository

    enum Result: Equatable {
        case applied
        case duplicate
        case unchanged
    }

    struct UnknownPayment: Error {}

    func apply(_ event: ProviderEvent, logger: Logger) async throws -> Result {
        try await client.transaction(logger: logger) { connection in
            let fresh = try await connection.query(
                """
                INSERT INTO provider_events (provider, event_id, type) VALUES (\(event.provider), \(event.id), \(event.type))
                ON CONFLICT DO NOTHING RETURNING event_id
                """, logger: logger)
            guard try await fresh.decode(String.self).firstElement() != nil else { return .duplicate }
            guard event.effect != .none else { return .unchanged }
            let rows = try await connection.query(
                """
                SELECT id, status FROM payments WHERE provider = \(event.provider)
                  AND provider_reference = \(event.reference) FOR UPDATE
                """, logger: logger)
            // Not ours yet (the checkout that created it has not committed): roll back so that the
            // provider's retry applies it later.
            guard let (id, status) = try await rows.decode((UUID, String).self).firstElement() else {
                throw UnknownPayment()
            }
            try await PaymentEvents.record(
                id, kind: "webhook", summary: "Webhook \(event.type) from \(event.provider)",
                details: ["provider": event.provider, "type": event.type, "eventId": event.id],
                on: connection, logger: logger)
            guard status == "requires_action" else { return .unchanged }
            let (newStatus, reason): (String, String?) =
                switch event.effect {
                case .succeeded: ("succeeded", nil)
                case .failed(let reason): ("failed", reason)
                case .none: (status, nil)
                }
            let updated = try await connection.query(
                """
                UPDATE payments SET status = \(newStatus), failure_reason = \(reason), updated_at = now()
                WHERE id = \(id) RETURNING \(unescaped: PaymentRepository.columns)
                """, logger: logger)
            guard let payment = try await PaymentRepository.payments(updated).first else { return .unchanged }
            try await PaymentEvents.recordOutcome(payment, via: "webhook", on: connection, logger: logger)
            try await payments.publish(payment, on: connection, logger: logger)
            return .applied
        }
    }
}
