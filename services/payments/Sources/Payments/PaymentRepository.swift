import Foundation
import Hummingbird
import Logging
import Messaging
import Persistence
import PostgresNIO
import ServiceKit

struct Payment: ResponseCodable, Sendable {
    var id: UUID
    var bookingId: UUID
    var userId: UUID
    var provider: String
    var status: String
    var amount: Int
    var currency: String
    var failureReason: String?
    var createdAt: Date
    var discount: Int = 0
    var promoCode: String?
}

struct HeldBooking: Sendable {
    var userID: UUID
    var amount: Int
    var currency: String
    var expiresAt: Date
    var status: String
}

/// Payments and their events, each change with its event in one transaction.
struct PaymentRepository: Sendable {
    let client: PostgresClient
    let invoices: InvoiceIssuer

    func heldBooking(_ id: UUID, logger: Logger) async throws -> HeldBooking? {
        let rows = try await client.query(
            "SELECT user_id, amount, currency, expires_at, status FROM bookings WHERE booking_id = \(id)",
            logger: logger)
        return try await rows.decode((UUID, Int, String, Date, String).self).firstElement().map {
            HeldBooking(userID: $0.0, amount: $0.1, currency: $0.2, expiresAt: $0.3, status: $0.4)
        }
    }

    /// Records a provider's answer and publishes what it means.
    /// `promo`: the promo-code reservation the payment uses, settled with it.
    func record(
        _ payment: Payment, reference: String, promo: UUID? = nil, address: String? = nil, fingerprint: String? = nil,
        presentment: CheckoutController.Presentment? = nil, billing: ByteBuffer? = nil, logger: Logger
    ) async throws {
        do {
            try await client.transaction(logger: logger) { connection in
                try await connection.query(
                    """
                    INSERT INTO payments (id, booking_id, user_id, provider, provider_reference, status, amount, currency,
                                          failure_reason, discount, promo_code, client_address, method_fingerprint,
                                          settlement_currency, presentment_currency, presentment_amount,
                                          billing_sealed)
                    VALUES (\(payment.id), \(payment.bookingId), \(payment.userId), \(payment.provider), \(reference),
                            \(payment.status), \(payment.amount), \(payment.currency), \(payment.failureReason),
                            \(payment.discount), \(payment.promoCode), \(address), \(fingerprint),
                            \(payment.currency), \(presentment?.currency ?? payment.currency),
                            \(presentment?.amount ?? payment.amount), \(billing))
                    """, logger: logger)
                try await PaymentEvents.recordAttempt(payment, on: connection, logger: logger)
                if let promo {
                    try await connection.query(
                        "UPDATE promo_redemptions SET payment_id = \(payment.id) WHERE id = \(promo)", logger: logger)
                }
                try await publish(payment, on: connection, logger: logger)
            }
        } catch let error where DatabaseConstraint(error) != nil {
            throw AppError.conflict("already-paid", "This booking already has a payment in progress or completed")
        }
    }

    /// Completes a payment that waited for 3-D Secure.
    func complete(_ id: UUID, user: UUID, logger: Logger) async throws -> Payment {
        try await client.transaction(logger: logger) { connection in
            let rows = try await connection.query(
                """
                UPDATE payments SET status = 'succeeded', updated_at = now()
                WHERE id = \(id) AND user_id = \(user) AND status = 'requires_action'
                RETURNING \(unescaped: Self.columns)
                """, logger: logger)
            guard let payment = try await Self.payments(rows).first else {
                throw AppError.conflict("not-awaiting-action", "This payment is not waiting for authentication")
            }
            try await PaymentEvents.recordOutcome(payment, via: "after authentication", on: connection, logger: logger)
            try await publish(payment, on: connection, logger: logger)
            return payment
        }
    }

    /// Fails a payment that waited for authentication.
    func fail(_ id: UUID, reason: String, logger: Logger) async throws -> Payment {
        try await client.transaction(logger: logger) { connection in
            let rows = try await connection.query(
                """
                UPDATE payments SET status = 'failed', failure_reason = \(reason), updated_at = now()
                WHERE id = \(id) AND status = 'requires_action'
                RETURNING \(unescaped: Self.columns)
                """, logger: logger)
            guard let payment = try await Self.payments(rows).first else {
                throw AppError.conflict("not-awaiting-action", "This payment is not waiting for authentication")
            }
            try await PaymentEvents.recordOutcome(payment, via: "after authentication", on: connection, logger: logger)
            try await publish(payment, on: connection, logger: logger)
            return payment
        }
    }

    func withReference(_ id: UUID, logger: Logger) async throws -> (Payment, String)? {
        guard let payment = try await find(id, logger: logger) else { return nil }
        let reference = try await client.query(
            "SELECT provider_reference FROM payments WHERE id = \(id)", logger: logger)
        return try await reference.decode(String.self).firstElement().map { (payment, $0) }
    }

    func find(_ id: UUID, logger: Logger) async throws -> Payment? {
        try await Self.payments(
            try await client.query("SELECT \(unescaped: Self.columns) FROM payments WHERE id = \(id)", logger: logger)
        ).first
    }

    func publish(_ payment: Payment, on connection: PostgresConnection, logger: Logger) async throws {
        // Only a payment with a promo code has a redemption to settle (`record` links them together).
        if payment.promoCode != nil {
            try await PromoStore.settle(payment: payment.id, status: payment.status, connection, logger)
        }
        switch payment.status {
        case "succeeded":
            let event = PaymentSucceeded(
                paymentId: payment.id, bookingId: payment.bookingId, userId: payment.userId, amount: payment.amount,
                currency: payment.currency, provider: payment.provider)
            try await Outbox.enqueue(event, on: connection, logger: logger)
            // Last: the invoice's number locks its counter until this transaction ends.
            try await invoices.invoice(for: payment, connection, logger)
        case "requires_action":
            let event = PaymentRequiresAction(
                paymentId: payment.id, bookingId: payment.bookingId, userId: payment.userId)
            try await Outbox.enqueue(event, on: connection, logger: logger)
        default:
            let event = PaymentFailed(
                paymentId: payment.id, bookingId: payment.bookingId, userId: payment.userId,
                reason: payment.failureReason ?? "failed")
            try await Outbox.enqueue(event, on: connection, logger: logger)
        }
    }

    static let columns =
        "id, booking_id, user_id, provider, status, amount, currency, failure_reason, created_at, discount, promo_code"

    static func payments(_ rows: PostgresRowSequence) async throws -> [Payment] {
        var result: [Payment] = []
        for try await (id, booking, user, provider, status, amount, currency, reason, created, discount, promo)
            in rows.decode((UUID, UUID, UUID, String, String, Int, String, String?, Date, Int, String?).self)
        {
            result.append(
                Payment(
                    id: id, bookingId: booking, userId: user, provider: provider, status: status, amount: amount,
                    currency: currency, failureReason: reason, createdAt: created, discount: discount,
                    promoCode: promo))
        }
        return result
    }
}
