import Foundation
import Messaging

// notifications' own copies of the events it turns into messages.

struct BookingConfirmed: IntegrationEvent {
    static let type = "scheduling.booking.confirmed"
    var bookingId: UUID
    var userId: UUID
    var screeningId: UUID
    var userEmail: String
    var filmTitle: String
    var cinemaName: String
    var auditoriumName: String
    var startsAt: Date
    var amount: Int
    var currency: String
    var tickets: [Ticket]

    struct Ticket: Codable, Sendable {
        var code: String
        var row: String
        var number: Int
    }
}

struct UserRegistered: IntegrationEvent {
    static let type = "auth.user.registered"
    var userId: UUID
    var email: String
    var displayName: String
    var language: String
    var verificationToken: String? = nil
}

struct RegistrationRepeated: IntegrationEvent {
    static let type = "auth.user.registration_repeated"
    var userId: UUID
    var email: String
    var displayName: String
    var language: String
}

struct UserLocked: IntegrationEvent {
    static let type = "auth.user.locked"
    var userId: UUID
    var email: String
    var displayName: String
    var language: String
    var lockedUntil: Date
}

struct PasswordResetRequested: IntegrationEvent {
    static let type = "auth.password_reset.requested"
    var userId: UUID
    var email: String
    var displayName: String
    var language: String
    var token: String
    var expiresAt: Date
}

struct PasswordChanged: IntegrationEvent {
    static let type = "auth.password.changed"
    var userId: UUID
    var email: String
    var displayName: String
    var language: String
}

struct BookingCancelled: IntegrationEvent {
    static let type = "scheduling.booking.cancelled"
    var bookingId: UUID
    var screeningId: UUID
    var userId: UUID
    var reason: String
    var paymentId: UUID?
}

struct ScreeningRescheduled: IntegrationEvent {
    static let type = "scheduling.screening.rescheduled"
    var screeningId: UUID
    var previousStartsAt: Date
    var startsAt: Date
}

/// The fill rate of a screening entered another 5 % step (or reached 100 %): each occupancy rule
/// fires when its own threshold is crossed upwards.
struct OccupancyChanged: IntegrationEvent {
    static let type = "scheduling.screening.occupancy_changed"
    var screeningId: UUID
    var filmTitle: String
    var startsAt: Date
    var sold: Int
    var capacity: Int
    var percent: Int
    var previousStep: Int
}

struct PaymentFailed: IntegrationEvent {
    static let type = "payments.payment.failed"
    var bookingId: UUID
    var userId: UUID
    var reason: String
}

struct RefundSucceeded: IntegrationEvent {
    static let type = "payments.refund.succeeded"
    var refundId: UUID
    var bookingId: UUID
    var userId: UUID
    var amount: Int
    var currency: String
}

struct FraudSuspected: IntegrationEvent {
    static let type = "payments.fraud.suspected"
    var signalId: UUID
    var rule: String
    var action: String
    var bookingId: UUID
    var detail: String
    /// The customer (payments sends it; absent from older events): the subject alerts are deduplicated on.
    var userId: UUID? = nil
}

struct RoleChanged: IntegrationEvent {
    static let type = "auth.user.role_changed"
    var userId: UUID
    var oldRole: String
    var newRole: String
}

/// catalog's event; `genres` and `languages` (lower-case) drive the new-film filters when catalog
/// sends them.
struct FilmPublished: IntegrationEvent {
    static let type = "catalog.film.published"
    var filmId: UUID
    var title: String
    var genres: [String]?
    var languages: [String]?
}

struct InvoiceIssued: IntegrationEvent {
    static let type = "payments.invoice.issued"
    var invoiceId: UUID
    var number: String
    var kind: String
    var bookingId: UUID
    var userId: UUID
    var total: Int
    var currency: String
    var pdf: String
}

/// Published when a message could not be delivered after every attempt.
struct DeliveryFailed: IntegrationEvent {
    static let type = "notifications.delivery.failed"
    var deliveryId: UUID
    var eventId: UUID
    var channel: String
    var recipient: String
    var reason: String
}
