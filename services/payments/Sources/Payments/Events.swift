import Foundation
import Messaging

// MARK: Published

struct PaymentSucceeded: IntegrationEvent {
    static let type = "payments.payment.succeeded"
    var paymentId: UUID
    var bookingId: UUID
    var userId: UUID
    var amount: Int
    var currency: String
    var provider: String
}

struct PaymentFailed: IntegrationEvent {
    static let type = "payments.payment.failed"
    var paymentId: UUID
    var bookingId: UUID
    var userId: UUID
    var reason: String
}

struct PaymentRequiresAction: IntegrationEvent {
    static let type = "payments.payment.requires_action"
    var paymentId: UUID
    var bookingId: UUID
    var userId: UUID
}

/// Version 2 (additive): `covers` says what the refund pays back — `booking` (the whole booking:
/// scheduling cancels it), `seats` (the tickets of `seatIds`: scheduling cancels those) or
/// `goodwill` (an amount that cancels nothing).
struct RefundSucceeded: IntegrationEvent {
    static let type = "payments.refund.succeeded"
    static let version = 2
    var refundId: UUID
    var paymentId: UUID
    var bookingId: UUID
    var userId: UUID
    var amount: Int
    var currency: String
    var reason: String
    var covers: String
    var seatIds: [UUID]
}

// MARK: Consumed (payments' own copies of scheduling's events)

struct BookingHeld: IntegrationEvent {
    static let type = "scheduling.booking.held"
    var bookingId: UUID
    var userId: UUID
    var userEmail: String
    var filmTitle: String
    var amount: Int
    var currency: String
    var expiresAt: Date
    var filmId: UUID?
    var screeningId: UUID?
    var cinemaName: String?
    var cinemaId: UUID?
    var seats: [HeldSeat]?
    /// The cinema's legal entity and the VAT rate in force on the day of the sale.
    var seller: HeldSeller?
}

struct HeldSeller: Codable, Sendable {
    var name: String
    var address: String
    var country: String
    var vatNumber: String
    var vatRatePermille: Int
}

struct HeldSeat: Codable, Sendable {
    var seatId: UUID
    var price: Int
}

struct BookingExpired: IntegrationEvent {
    static let type = "scheduling.booking.expired"
    var bookingId: UUID
}

struct BookingHoldExtended: IntegrationEvent {
    static let type = "scheduling.booking.hold_extended"
    var bookingId: UUID
    var expiresAt: Date
}

struct BookingCancelled: IntegrationEvent {
    static let type = "scheduling.booking.cancelled"
    var bookingId: UUID
    var reason: String
    var paymentId: UUID?
    /// Set when a refund cancelled the booking: that refund already paid it back.
    var refundId: UUID?
}

/// Published with each invoice or credit note, its PDF included (base64), so that notifications
/// can send it to the buyer. The PDF holds the buyer's billing details: consumers must not keep it.
struct InvoiceIssued: IntegrationEvent {
    static let type = "payments.invoice.issued"
    var invoiceId: UUID
    var number: String
    var kind: String
    var paymentId: UUID
    var bookingId: UUID
    var userId: UUID
    var total: Int
    var currency: String
    var pdf: String
}
