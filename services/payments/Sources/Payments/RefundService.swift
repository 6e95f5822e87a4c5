import Foundation
import Hummingbird
import Logging
import Messaging
import Metrics
import PostgresNIO
import ServiceKit

/// Refunds, full or partial, each under the payment's row lock (two replicas cannot refund the
/// same money twice) and with a provider idempotency key derived from its cause (a retried or
/// redelivered request refunds once). Automatic when scheduling cancels a paid booking: in full
/// for a cancelled screening or a booking that could not be confirmed, minus
/// `payments.cancellation.fee.percent` when the customer cancelled.
struct RefundService: Sendable {
    let providers: PaymentProviders
    let cancellationFeePercent: Int
    let invoices: InvoiceIssuer

    struct Refund: ResponseCodable, Sendable {
        var id: UUID
        var paymentId: UUID
        var amount: Int
        var fee: Int
        var currency: String
        var reason: String
        var paymentStatus: String
        /// booking, seats or goodwill (see `RefundSucceeded`).
        var covers: String
        var seatIds: [UUID]
    }

    /// What a refund pays back: the whole booking, some of its seats (their tickets are
    /// cancelled), or a goodwill amount (nothing is cancelled).
    enum Coverage: Sendable, Equatable {
        case booking
        case seats([UUID])
        case goodwill

        var name: String {
            switch self {
            case .booking: "booking"
            case .seats: "seats"
            case .goodwill: "goodwill"
            }
        }

        var seatIDs: [UUID] {
            if case .seats(let ids) = self { return ids }
            return []
        }
    }

    /// Refunds `amount` (nil: all that remains, less `fee`) of a payment within `connection`'s
    /// transaction. Nil when the payment has nothing left to refund. `covers` nil: the whole
    /// booking when the refund takes all that remains, otherwise a partial refund must say what it
    /// covers (422).
    func refund(
        _ paymentID: UUID, amount wanted: Int?, fee: Int = 0, covers: Coverage? = nil, reason: String, key: String,
        cause: ReceivedEvent?, _ connection: PostgresConnection, _ logger: Logger
    ) async throws -> Refund? {
        let rows = try await connection.query(
            """
            SELECT p.user_id, p.booking_id, p.amount, p.currency, p.provider_reference, p.provider, p.status,
                   (SELECT coalesce(sum(r.amount + r.fee), 0)::int FROM refunds r WHERE r.payment_id = p.id)
            FROM payments p WHERE p.id = \(paymentID) FOR UPDATE
            """, logger: logger)
        guard
            let (user, booking, paid, currency, reference, providerName, status, refunded) = try await rows.decode(
                (UUID, UUID, Int, String, String, String, String, Int).self
            ).firstElement(),
            ["succeeded", "partially_refunded"].contains(status), let provider = providers[providerName]
        else { return nil }
        let remaining = paid - refunded
        let amount = wanted ?? max(remaining - fee, 0)
        guard amount > 0, amount + fee <= remaining else {
            if wanted == nil { return nil }
            throw AppError.invalid("amount", "must be 1 to \(remaining) (what remains of the payment)")
        }
        let whole = amount + fee == remaining
        let coverage: Coverage
        switch covers {
        case nil where whole: coverage = .booking
        case nil:
            throw AppError.invalid(
                "seatIds", "a partial refund must name the seats it covers (seatIds) or be a goodwill gesture")
        case .booking? where !whole:
            throw AppError.invalid("amount", "a refund of the whole booking takes all that remains (\(remaining))")
        case let covers?: coverage = covers
        }
        if case .seats(let seats) = coverage {
            try await requireSeats(seats, of: booking, connection, logger)
        }
        let providerReference =
            reference.hasPrefix("promo_")
            ? "promo_re_\(key)" : try await provider.refund(reference: reference, amount: amount, idempotencyKey: key)
        let refundID = UUID()
        let newStatus = whole ? "refunded" : "partially_refunded"
        try await connection.query(
            """
            INSERT INTO refunds (id, payment_id, amount, fee, currency, reason, provider_reference)
            VALUES (\(refundID), \(paymentID), \(amount), \(fee), \(currency), \(reason), \(providerReference))
            """, logger: logger)
        try await connection.query(
            "UPDATE payments SET status = \(newStatus), updated_at = now() WHERE id = \(paymentID)", logger: logger)
        let documented = Payment(
            id: paymentID, bookingId: booking, userId: user, provider: providerName, status: newStatus, amount: paid,
            currency: currency, failureReason: nil, createdAt: .now)
        try await invoices.creditNote(for: documented, refunded: amount, connection, logger)
        let event = RefundSucceeded(
            refundId: refundID, paymentId: paymentID, bookingId: booking, userId: user, amount: amount,
            currency: currency, reason: reason, covers: coverage.name, seatIds: coverage.seatIDs)
        try await Outbox.enqueue(event, causedBy: cause, on: connection, logger: logger)
        logger.notice(
            "payment refunded", metadata: ["paymentId": "\(paymentID)", "amount": "\(amount)", "reason": "\(reason)"])
        // `refunds_total{cause,covers}`: automatic (an event: cancellation, unconfirmable booking)
        // or by staff.
        Counter(
            label: "refunds_total",
            dimensions: [("cause", cause == nil ? "staff" : "event"), ("covers", coverage.name)]
        ).increment()
        return Refund(
            id: refundID, paymentId: paymentID, amount: amount, fee: fee, currency: currency, reason: reason,
            paymentStatus: newStatus, covers: coverage.name, seatIds: coverage.seatIDs)
    }

    /// The seats a refund covers must be seats of the booking (payments' replica keeps them).
    private func requireSeats(_ seats: [UUID], of booking: UUID, _ connection: PostgresConnection, _ logger: Logger)
        async throws
    {
        let rows = try await connection.query(
            "SELECT seat_ids FROM bookings WHERE booking_id = \(booking)", logger: logger)
        let known = Set(try await rows.decode([UUID]?.self).firstElement().flatMap { $0 } ?? [])
        guard !seats.isEmpty, Set(seats).count == seats.count, Set(seats).isSubset(of: known) else {
            throw AppError.invalid("seatIds", "must list different seats of the paid booking")
        }
    }

    /// scheduling cancelled a booking: refund what its payment still holds.
    func bookingCancelled(
        _ event: BookingCancelled, cause: ReceivedEvent, on connection: PostgresConnection, logger: Logger
    ) async throws {
        // A refund cancelled the booking: it was paid back by that refund already.
        guard let paymentID = event.paymentId, event.refundId == nil else { return }
        var fee = 0
        if event.reason == "customer-cancelled" {
            let rows = try await connection.query(
                "SELECT amount FROM payments WHERE id = \(paymentID)", logger: logger)
            let paid = try await rows.decode(Int.self).firstElement() ?? 0
            fee = PromoCode.discount(kind: "percent", value: cancellationFeePercent, amount: paid)
        }
        _ = try await refund(
            paymentID, amount: nil, fee: fee, reason: event.reason,
            key: "cancel-\(paymentID.uuidString.lowercased())", cause: cause, connection, logger)
    }
}
