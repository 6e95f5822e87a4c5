import Foundation
import Logging
import Messaging
import PostgresNIO

/// Turns an event into a pending delivery, in the inbox transaction of that event. The unique
/// (event, channel, recipient) key makes a redelivered event produce no second message.
struct DeliveryQueue: Sendable {
    let templates: MailTemplates
    let from: String
    let webURL: String

    func enqueue(_ notification: Notification, event: ReceivedEvent, on connection: PostgresConnection, logger: Logger)
        async throws
    {
        guard let mail = templates.render(notification, extra: ["webURL": webURL]) else {
            throw MalformedEvent(reason: "no template \(notification.template)")
        }
        try await connection.query(
            """
            INSERT INTO deliveries (id, event_id, event_type, channel, recipient, subject, text_body, html_body, status)
            VALUES (\(UUID()), \(event.metadata.id), \(event.metadata.type), 'email', \(notification.recipient),
                    \(mail.subject), \(mail.text), \(mail.html), 'pending')
            ON CONFLICT (event_id, channel, recipient) DO NOTHING
            """, logger: logger)
    }
}
