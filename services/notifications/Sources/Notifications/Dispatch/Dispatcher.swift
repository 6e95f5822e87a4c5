import Foundation
import Logging
import Messaging
import Persistence
import PostgresNIO
import ServiceKit

/// Turns a notice for a person into pending deliveries, in the transaction of the event that
/// caused it: one per channel the person chose (in-app, e-mail, SMS, each push subscription), or
/// one digest item when the person reads this category as a digest. Quiet hours and reminders
/// only move `next_attempt_at`. The unique (event, channel, recipient) key makes a redelivered
/// event produce nothing more.
struct Dispatcher: Sendable {
    let settings: DispatchSettings
    let templates: TemplateStore

    struct DispatchSettings: Sendable {
        var webURL: String
        var digestHour: Int
        var unsubscribe: UnsubscribeLinks
    }

    func send(
        _ notice: Notice, to contact: Contact, event: ReceivedEvent, qualifier: String = "",
        on connection: PostgresConnection, logger: Logger
    ) async throws {
        let eventID = notice.deliveryEventID(event.metadata.id, type: event.metadata.type, qualifier: qualifier)
        try await send(notice, to: contact, eventID: eventID, on: connection, logger: logger)
    }

    /// `eventID` is the delivery key's event part (see `Notice.deliveryEventID`).
    func send(
        _ notice: Notice, to contact: Contact, eventID: UUID, on connection: PostgresConnection, logger: Logger
    ) async throws {
        var notice = notice
        notice.values["webURL"] = .string(settings.webURL)
        if notice.values["displayName"] == nil { notice.values["displayName"] = .string(contact.displayName) }
        if notice.category == .marketing {
            notice.values["unsubscribeURL"] = .string(settings.unsubscribe.link(for: contact.userID))
        }
        let choice = contact.choice(notice.category)
        var channels = notice.onlyChannels ?? choice.channels
        if notice.onlyChannels == nil, choice.frequency != .immediate, notice.category.allowsDigest,
            channels.contains(where: { $0 != .inapp })
        {
            try await addToDigest(notice, contact, eventID, choice.frequency, connection, logger)
            channels = channels.filter { $0 == .inapp }
        }
        let due = schedule(notice, contact)
        for channel in channels {
            for recipient in try await addresses(contact, channel, connection, logger) {
                try await enqueue(
                    notice, eventID: eventID, channel: channel, recipient: recipient, userID: contact.userID,
                    locale: contact.language, due: channel == .inapp ? (notice.notBefore, nil) : due,
                    connection, logger)
            }
        }
    }

    /// A staff alert: to each recipient of the rule on the channels it chose (e-mail addresses,
    /// `+` phone numbers, user ids for the in-app feed), in the recipient's language and with
    /// `dates` in their time zone and `words` (value → language → text) in their language when
    /// notifications knows them as a contact (else French, Paris).
    func alert(
        _ notice: Notice, dates: [String: Date] = [:], words: [String: [String: String]] = [:],
        recipients: [String], channels: [Channel],
        event: ReceivedEvent, qualifier: String, on connection: PostgresConnection, logger: Logger
    ) async throws {
        let eventID = notice.deliveryEventID(event.metadata.id, type: event.metadata.type, qualifier: qualifier)
        for recipient in recipients {
            let channel: Channel =
                recipient.contains("@") ? .email : recipient.hasPrefix("+") ? .sms : .inapp
            guard channels.contains(channel) else { continue }
            let reader = try await Contacts.reader(recipient, on: connection, logger: logger)
            var notice = notice
            notice.values["webURL"] = .string(settings.webURL)
            for (key, date) in dates {
                notice.values[key] = .string(
                    Formatting.dateTime(date, language: reader.language, timeZone: reader.timeZone))
            }
            for (key, texts) in words {
                if let text = texts[reader.language] ?? texts[Formatting.defaultLanguage] {
                    notice.values[key] = .string(text)
                }
            }
            try await enqueue(
                notice, eventID: eventID, channel: channel, recipient: recipient,
                userID: channel == .inapp ? UUID(uuidString: recipient) : nil, locale: reader.language,
                due: (nil, nil), connection, logger)
        }
    }

    /// When a message may go, and why it waits.
    func schedule(_ notice: Notice, _ contact: Contact) -> (Date?, String?) {
        let due = notice.notBefore ?? .now
        guard notice.category.respectsQuietHours, let quiet = contact.quietHours,
            let zone = TimeZone(identifier: contact.timeZone), let end = quiet.deferral(of: due, timeZone: zone)
        else { return (notice.notBefore, nil) }
        return (end, "quiet-hours")
    }

    private func addresses(
        _ contact: Contact, _ channel: Channel, _ connection: PostgresConnection, _ logger: Logger
    ) async throws -> [String] {
        switch channel {
        case .email: [contact.email]
        case .sms: contact.phone.map { [$0] } ?? []
        case .inapp: [contact.userID.uuidString.lowercased()]
        case .push:
            try await Self.subscriptions(contact.userID, connection, logger)
        }
    }

    static func subscriptions(_ user: UUID, _ connection: PostgresConnection, _ logger: Logger) async throws
        -> [String]
    {
        let rows = try await connection.query(
            "SELECT id FROM push_subscriptions WHERE user_id = \(user) ORDER BY created_at", logger: logger)
        return try await rows.decode(UUID.self).allElements().map { $0.uuidString.lowercased() }
    }

    private func enqueue(
        _ notice: Notice, eventID: UUID, channel: Channel, recipient: String, userID: UUID?, locale: String,
        due: (Date?, String?), _ connection: PostgresConnection, _ logger: Logger
    ) async throws {
        let data = String(decoding: try JSONBody.encoder.encode(JSONValue.object(notice.values)), as: UTF8.self)
        try await connection.query(
            """
            INSERT INTO deliveries (id, event_id, event_type, channel, recipient, user_id, category, locale, data,
                                    booking_id, screening_id, next_attempt_at, deferred_reason, status)
            VALUES (\(UUID()), \(eventID), \(notice.kind), \(channel.rawValue), \(recipient), \(userID),
                    \(notice.category.rawValue), \(locale), \(data)::jsonb, \(notice.bookingID), \(notice.screeningID),
                    COALESCE(\(due.0), now()), \(due.1), 'pending')
            ON CONFLICT (event_id, channel, recipient) DO NOTHING
            """, logger: logger)
        // Also when it is due later: the sleeping loop then knows how long to sleep.
        try await DeliveryWorker.wake(channel, connection, logger)
    }

    private func addToDigest(
        _ notice: Notice, _ contact: Contact, _ eventID: UUID, _ frequency: Frequency,
        _ connection: PostgresConnection, _ logger: Logger
    ) async throws {
        let rendered = try await templates.render(
            notice.kind, channel: .inapp, locale: contact.language, values: notice.values, on: connection,
            logger: logger)
        let zone = TimeZone(identifier: contact.timeZone) ?? .gmt
        let due = DigestSchedule.due(after: .now, frequency: frequency, hour: settings.digestHour, timeZone: zone)
        try await connection.query(
            """
            INSERT INTO digest_items (id, user_id, event_id, event_type, category, frequency, title, body, due_at)
            VALUES (\(UUID()), \(contact.userID), \(eventID), \(notice.kind), \(notice.category.rawValue),
                    \(frequency.rawValue), \(rendered.subject), \(rendered.body), \(due))
            ON CONFLICT (event_id, user_id) DO NOTHING
            """, logger: logger)
    }
}
