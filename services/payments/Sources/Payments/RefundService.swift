import Foundation
import Logging
import Messaging
import PostgresNIO

/// Automatic refunds: a paid booking that scheduling could not confirm (or that was cancelled)
/// is refunded in full, once, whatever the number of times the event arrives.
struct RefundService: Sendable {
    let providers: PaymentProviders

    func bookingCancelled(
        _ event: BookingCancelled, cause: ReceivedEvent, on connection: PostgresConnection, logger: Logger
    ) async throws {
        guard let paymentID = event.paymentId else { return }
        let rows = try await connection.query(
            """
            SELECT user_id, amount, currency, provider_reference, provider FROM payments
            WHERE id = \(paymentID) AND status = 'succeeded' FOR UPDATE
            """, logger: logger)
        guard
            let (user, amount, currency, reference, providerName) = try await rows.decode(
                (UUID, Int, String, String, String).self
            ).first(where: { _ in true }),
            let provider = providers[providerName]
        else { return }
        let refundID = UUID()
        // The refund's provider key derives from the payment: a redelivered event refunds once.
        let providerRefund = try await provider.refund(
            reference: reference, amount: amount, idempotencyKey: "refund-\(paymentID.uuidString.lowercased())")
        try await connection.query(
            """
            INSERT INTO refunds (id, payment_id, amount, currency, reason, provider_reference)
            VALUES (\(refundID), \(paymentID), \(amount), \(currency), \(event.reason),
                    \(providerRefund))
            """, logger: logger)
        try await connection.query(
            "UPDATE payments SET status = 'refunded', updated_at = now() WHERE id = \(paymentID)", logger: logger)
        let refunded = RefundSucceeded(
            refundId: refundID, paymentId: paymentID, bookingId: event.bookingId, userId: user, amount: amount,
            currency: currency, reason: event.reason)
        try await Outbox.enqueue(refunded, causedBy: cause, on: connection, logger: logger)
        logger.notice("payment refunded", metadata: ["paymentId": "\(paymentID)", "reason": "\(event.reason)"])
    }
}
