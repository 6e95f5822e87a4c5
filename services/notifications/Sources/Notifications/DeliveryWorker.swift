import Foundation
import Logging
import Mail
import Messaging
import Persistence
import PostgresNIO
import ServiceLifecycle

/// Sends pending deliveries over SMTP. Rows are claimed with `SKIP LOCKED` (safe with replicas);
/// a failure is retried with exponential backoff; after `maxAttempts` the delivery is marked
/// failed and `notifications.delivery.failed` is published.
struct DeliveryWorker: Service {
    let client: PostgresClient
    let mailer: SMTPMailer
    let maxAttempts: Int
    let logger: Logger

    /// Messages whose body holds a single-use secret (reset and verification links): once sent,
    /// their body is wiped so that the delivery log never keeps a working link.
    static let secretBearing = ["auth.password_reset.requested", "auth.user.registered"]

    func run() async throws {
        while !Task.isShuttingDownGracefully, !Task.isCancelled {
            do {
                while try await sendOne() {}
            } catch {
                logger.warning("delivery worker failed", metadata: ["error": "\(String(describing: error))"])
            }
            try? await Task.sleep(for: .milliseconds(300))
        }
    }

    /// Sends one due delivery; false when none is due.
    func sendOne() async throws -> Bool {
        try await client.transaction(logger: logger) { connection in
            let rows = try await connection.query(
                """
                SELECT id, event_id, recipient, subject, text_body, html_body, attempts FROM deliveries
                WHERE status = 'pending' AND next_attempt_at <= now()
                ORDER BY next_attempt_at LIMIT 1 FOR UPDATE SKIP LOCKED
                """, logger: logger)
            guard
                let (id, eventID, recipient, subject, text, html, attempts) = try await rows.decode(
                    (UUID, UUID, String, String, String, String?, Int).self
                ).firstElement()
            else { return false }
            let message = MailMessage(
                from: mailer.config.from, to: [recipient], subject: subject, text: text, html: html,
                messageID: "\(id.uuidString.lowercased())@homestudio")
            do {
                try await mailer.send(message)
                try await connection.query(
                    """
                    UPDATE deliveries SET status = 'sent', attempts = attempts + 1, sent_at = now(),
                        text_body = CASE WHEN event_type = ANY(\(Self.secretBearing)) THEN '' ELSE text_body END,
                        html_body = CASE WHEN event_type = ANY(\(Self.secretBearing)) THEN NULL ELSE html_body END
                    WHERE id = \(id)
                    """, logger: logger)
                logger.info("mail sent", metadata: ["deliveryId": "\(id)"])
            } catch {
                try await failed(
                    id, eventID: eventID, recipient: recipient, attempts: attempts + 1, error: error, connection)
            }
            return true
        }
    }

    private func failed(
        _ id: UUID, eventID: UUID, recipient: String, attempts: Int, error: any Error, _ connection: PostgresConnection
    ) async throws {
        let reason = String(describing: error)
        let final = attempts >= maxAttempts
        let delay = min(3600, 1 << min(attempts, 12))
        try await connection.query(
            """
            UPDATE deliveries SET attempts = \(attempts), last_error = \(reason),
                status = \(final ? "failed" : "pending"), next_attempt_at = now() + make_interval(secs => \(delay))
            WHERE id = \(id)
            """, logger: logger)
        logger.warning(
            "mail delivery failed", metadata: ["deliveryId": "\(id)", "attempt": "\(attempts)", "error": "\(reason)"])
        if final {
            let event = DeliveryFailed(
                deliveryId: id, eventId: eventID, channel: "email", recipient: recipient, reason: reason)
            try await Outbox.enqueue(event, on: connection, logger: logger)
        }
    }
}
