import Foundation
import Logging
import Messaging
import PostgresNIO
import ServiceKit

/// Which events notifications listens to, and what each one becomes.
struct EventRouting: Sendable {
    let dispatcher: Dispatcher
    let alerts: AlertRules
    let reminderLeadSeconds: Int

    var handlers: EventHandlers {
        var handlers = EventHandlers()
        addBookings(to: &handlers)
        addAccount(to: &handlers)
        handlers.on(FilmPublished.self) { event, received, connection, logger in
            let notice = Notices.filmPublished(event)
            for contact in try await Contacts.subscribed(to: .marketing, on: connection, logger: logger)
            where Notices.interests(event, contact) {
                try await dispatcher.send(notice, to: contact, event: received, on: connection, logger: logger)
            }
        }
        handlers.on(OccupancyChanged.self) { await alerts.occupancy($0, $1, $2, $3) }
        handlers.on(FraudSuspected.self) { await alerts.fraud($0, $1, $2, $3) }
        handlers.on(MessageParked.self) { await alerts.parked($0, $1, $2, $3) }
        return handlers
    }

    private func addBookings(to handlers: inout EventHandlers) {
        handlers.on(BookingConfirmed.self) { event, received, connection, logger in
            try await Contacts.upsert(event.userId, email: event.userEmail, on: connection, logger: logger)
            let booking = BookingRecord(event)
            try await BookingRecords.save(booking, on: connection, logger: logger)
            guard let contact = try await Contacts.find(event.userId, on: connection, logger: logger) else { return }
            try await dispatcher.send(
                Notices.bookingConfirmed(event, for: contact), to: contact, event: received, on: connection,
                logger: logger)
            if let reminder = Notices.reminder(booking, leadSeconds: reminderLeadSeconds, for: contact) {
                try await dispatcher.send(reminder, to: contact, event: received, on: connection, logger: logger)
            }
        }
        handlers.on(BookingCancelled.self) { event, received, connection, logger in
            guard let booking = try await BookingRecords.cancel(event.bookingId, on: connection, logger: logger),
                let contact = try await Contacts.find(booking.userID, on: connection, logger: logger)
            else { return }
            try await dispatcher.send(
                Notices.bookingCancelled(event, booking, for: contact), to: contact, event: received,
                on: connection, logger: logger)
        }
        handlers.on(ScreeningRescheduled.self) { event, received, connection, logger in
            for booking in try await BookingRecords.move(
                event.screeningId, to: event.startsAt, on: connection, logger: logger)
            {
                guard let contact = try await Contacts.find(booking.userID, on: connection, logger: logger) else {
                    continue
                }
                try await dispatcher.send(
                    Notices.rescheduled(event, booking, for: contact), to: contact, event: received,
                    qualifier: booking.id.uuidString, on: connection, logger: logger)
                try await BookingRecords.cancelReminders(booking: booking.id, on: connection, logger: logger)
                if let reminder = Notices.reminder(booking, leadSeconds: reminderLeadSeconds, for: contact) {
                    try await dispatcher.send(
                        reminder, to: contact, event: received, qualifier: booking.id.uuidString, on: connection,
                        logger: logger)
                }
            }
        }
        handlers.on(PaymentFailed.self) { event, received, connection, logger in
            guard let contact = try await Contacts.find(event.userId, on: connection, logger: logger) else { return }
            try await dispatcher.send(
                Notices.paymentFailed(event, for: contact), to: contact, event: received, on: connection, logger: logger
            )
        }
        handlers.on(InvoiceIssued.self) { event, received, connection, logger in
            guard let contact = try await Contacts.find(event.userId, on: connection, logger: logger) else { return }
            try await dispatcher.send(
                Notices.invoice(event, for: contact), to: contact, event: received, on: connection, logger: logger)
        }
        handlers.on(RefundSucceeded.self) { event, received, connection, logger in
            // The customer's message first; the refund-spike rules after it, apart (see AlertRules).
            if let contact = try await Contacts.find(event.userId, on: connection, logger: logger) {
                try await dispatcher.send(
                    Notices.refunded(event, for: contact), to: contact, event: received, on: connection,
                    logger: logger)
            }
            await alerts.refund(received, connection, logger)
        }
    }

    private func addAccount(to handlers: inout EventHandlers) {
        handlers.on(UserRegistered.self) { event, received, connection, logger in
            try await account(
                event.userId, event.email, event.displayName, event.language, received, connection, logger,
                values: ["verificationToken": event.verificationToken.map(JSONValue.string) ?? false], emailOnly: true)
        }
        handlers.on(RegistrationRepeated.self) { event, received, connection, logger in
            try await account(
                event.userId, event.email, event.displayName, event.language, received, connection, logger,
                values: [:], emailOnly: true)
        }
        handlers.on(UserLocked.self) { event, received, connection, logger in
            try await account(
                event.userId, event.email, event.displayName, event.language, received, connection, logger,
                values: [:], dates: ["lockedUntil": event.lockedUntil])
        }
        handlers.on(PasswordResetRequested.self) { event, received, connection, logger in
            try await account(
                event.userId, event.email, event.displayName, event.language, received, connection, logger,
                values: ["token": .string(event.token)], dates: ["expiresAt": event.expiresAt], emailOnly: true)
        }
        handlers.on(PasswordChanged.self) { event, received, connection, logger in
            try await account(
                event.userId, event.email, event.displayName, event.language, received, connection, logger,
                values: [:])
        }
        handlers.on(RoleChanged.self) { event, received, connection, logger in
            guard let contact = try await Contacts.find(event.userId, on: connection, logger: logger) else { return }
            let notice = Notices.account(
                RoleChanged.type, ["oldRole": .string(event.oldRole), "newRole": .string(event.newRole)],
                for: contact)
            try await dispatcher.send(notice, to: contact, event: received, on: connection, logger: logger)
        }
    }

    /// Records the person from auth's event, then tells them (`dates` in their time zone).
    private func account(
        _ user: UUID, _ email: String, _ name: String, _ language: String, _ received: ReceivedEvent,
        _ connection: PostgresConnection, _ logger: Logger, values: [String: JSONValue], dates: [String: Date] = [:],
        emailOnly: Bool = false
    ) async throws {
        try await Contacts.upsert(
            user, email: email, displayName: name, language: language, on: connection, logger: logger)
        guard var contact = try await Contacts.find(user, on: connection, logger: logger) else { return }
        contact.email = email
        let notice = Notices.account(
            received.metadata.type, values, dates: dates, for: contact, emailOnly: emailOnly)
        try await dispatcher.send(notice, to: contact, event: received, on: connection, logger: logger)
    }
}
