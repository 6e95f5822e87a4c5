import Foundation
import Messaging

// notifications' own copies of the events it turns into messages.

struct BookingConfirmed: IntegrationEvent {
    static let type = "scheduling.booking.confirmed"
    var bookingId: UUID
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

/// Published when a message could not be delivered after every attempt.
struct DeliveryFailed: IntegrationEvent {
    static let type = "notifications.delivery.failed"
    var deliveryId: UUID
    var eventId: UUID
    var channel: String
    var recipient: String
    var reason: String
}
