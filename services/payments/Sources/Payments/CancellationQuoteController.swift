import Foundation
import Hummingbird
import PostgresNIO
import ServiceKit

/// What a customer would get back by cancelling a paid booking (a dry run: nothing is reserved):
/// what remains of its payment less `payments.cancellation.fee.percent` of the amount paid, as
/// `RefundService.bookingCancelled` refunds it. Whether the booking can still be cancelled is
/// scheduling's rule (its `cancellableUntil`).
struct CancellationQuoteController: Sendable {
    let client: PostgresClient
    let feePercent: Int

    struct Quote: ResponseCodable, Sendable {
        var bookingId: UUID
        var paymentId: UUID
        /// What the payment charged, and what was already refunded of it.
        var paid: Int
        var refunded: Int
        var feePercent: Int
        var fee: Int
        /// What a cancellation would refund now.
        var refund: Int
        var currency: String
    }

    func addRoutes(to router: Router<ServiceRequestContext>) {
        router.get("/cancellation-quote", use: quote)
    }

    func quote(_ request: Request, context: ServiceRequestContext) async throws -> Quote {
        let identity = try context.requireIdentity()
        var query = QueryCheck(request)
        let booking = query.uuid("bookingId")
        if booking == nil, query.errors.isEmpty { query.refuse("bookingId", "is required") }
        try query.finish()
        guard let booking else { throw AppError.notFound("Payment") }
        let rows = try await client.query(
            """
            SELECT p.id, p.amount, p.currency,
                   (SELECT coalesce(sum(r.amount + r.fee), 0)::int FROM refunds r WHERE r.payment_id = p.id)
            FROM payments p
            WHERE p.booking_id = \(booking) AND p.user_id = \(identity.userID)
              AND p.status IN ('succeeded', 'partially_refunded')
            ORDER BY p.created_at DESC LIMIT 1
            """, logger: context.logger)
        guard
            let (payment, paid, currency, refunded) = try await rows.decode((UUID, Int, String, Int).self)
                .firstElement()
        else { throw AppError.notFound("Payment") }
        let fee = PromoCode.discount(kind: "percent", value: feePercent, amount: paid)
        return Quote(
            bookingId: booking, paymentId: payment, paid: paid, refunded: refunded, feePercent: feePercent, fee: fee,
            refund: max(paid - refunded - fee, 0), currency: currency)
    }
}
