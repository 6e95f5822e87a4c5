import Foundation
import Logging
import Messaging
import Metrics
import Persistence
import PostgresNIO
import ServiceKit
import ServiceLifecycle
import ServiceRuntime

/// Sends due deliveries, one loop per channel (so a slow or rate-limited provider holds back only
/// its own messages). A row is claimed with `SKIP LOCKED` (safe with replicas), rendered with
/// the template in use, and sent; a failure is retried with exponential backoff; after
/// `maxAttempts` the delivery is failed and `notifications.delivery.failed` is published.
///
/// An idle loop does not poll: it sleeps until its channel's next pending delivery is due, at most
/// `idleWait`, and a new delivery wakes it at once (`wake(_:)`: the change feed's hub, this
/// replica's own commits at once and the other replicas' through their NOTIFY).
struct DeliveryWorker: Service {
    let client: PostgresClient
    let templates: TemplateStore
    let senders: [Channel: any ChannelSender]
    let limiter: RateLimiter
    let retryBase: Duration
    let maxAttempts: Int
    let hub: ChangeHub
    let idleWait: Duration
    let logger: Logger

    /// The change-feed key that wakes the loop of `channel`.
    static func wakeKey(_ channel: Channel) -> String { "deliveries.\(channel.rawValue)" }

    /// Wakes the loops of `channel` on every replica once the caller's transaction commits.
    static func wake(_ channel: Channel, _ connection: PostgresConnection, _ logger: Logger) async throws {
        try await ChangeNotice.send(FeedSender.channel, key: wakeKey(channel), connection, logger)
    }

    /// Messages whose body holds a single-use secret (reset and verification links) or personal
    /// data (the invoice PDF with billing details): once sent, their body and values are wiped so
    /// that the delivery log keeps neither a working link nor the document.
    static let secretBearing = ["auth.password_reset.requested", "auth.user.registered", "payments.invoice.issued"]

    func run() async throws {
        await withDiscardingTaskGroup { group in
            for channel in senders.keys { group.addTask { await loop(channel) } }
        }
    }

    private func loop(_ channel: Channel) async {
        let (signals, signal) = await hub.subscribe(Self.wakeKey(channel))
        defer { signal.finish() }
        var wakeups = signals.makeAsyncIterator()
        while !Task.isShuttingDownGracefully, !Task.isCancelled {
            var wait = idleWait
            do {
                // One delivery at a time, and none once shutdown began (the rest stay due for the next run).
                while !Task.isShuttingDownGracefully, try await sendOne(channel) {}
                let next = try await client.withConnection { try await Self.untilNextDue(channel, $0, logger) }
                wait = min(idleWait, next ?? idleWait)
            } catch {
                logger.warning("delivery worker failed", metadata: ["error": "\(String(describing: error))"])
                wait = min(idleWait, .seconds(1))
            }
            // Woken by a new delivery, by the timer, or by the start of a graceful shutdown.
            let timer = Task { [signal] in
                guard (try? await Task.sleep(for: wait)) != nil else { return }  // cancelled: woken already
                signal.yield(.heartbeat)
            }
            await withGracefulShutdownHandler {
                _ = await wakeups.next()
            } onGracefulShutdown: {
                signal.yield(.heartbeat)
            }
            timer.cancel()
        }
    }

    /// How long until the next pending delivery of `channel` is due (zero when one is due now; nil
    /// when none is pending).
    static func untilNextDue(_ channel: Channel, _ connection: PostgresConnection, _ logger: Logger) async throws
        -> Duration?
    {
        let rows = try await connection.query(
            """
            SELECT EXTRACT(EPOCH FROM min(next_attempt_at) - clock_timestamp())::float8
            FROM deliveries WHERE status = 'pending' AND channel = \(channel.rawValue)
            """, logger: logger)
        guard let seconds = try await rows.decode(Double?.self).firstElement() ?? nil else { return nil }
        return .milliseconds(Int((max(seconds, 0) * 1000).rounded(.up)))
    }

    struct Due {
        var id: UUID
        var eventID: UUID
        var kind: String
        var recipient: String
        var userID: UUID?
        var locale: String
        var data: String
        var attempts: Int
    }

    /// Sends one due delivery of `channel`; false when none is due.
    func sendOne(_ channel: Channel) async throws -> Bool {
        guard let sender = senders[channel] else { return false }
        return try await client.transaction(logger: logger) { connection in
            let rows = try await connection.query(
                """
                SELECT id, event_id, event_type, recipient, user_id, locale, COALESCE(data::text, '{}'), attempts
                FROM deliveries WHERE status = 'pending' AND channel = \(channel.rawValue) AND next_attempt_at <= now()
                ORDER BY next_attempt_at LIMIT 1 FOR UPDATE SKIP LOCKED
                """, logger: logger)
            guard
                let row = try await rows.decode((UUID, UUID, String, String, UUID?, String, String, Int).self)
                    .firstElement()
            else { return false }
            let due = Due(
                id: row.0, eventID: row.1, kind: row.2, recipient: row.3, userID: row.4, locale: row.5, data: row.6,
                attempts: row.7)
            var logger = logger
            logger[metadataKey: "deliveryId"] = "\(due.id)"
            logger[metadataKey: "channel"] = "\(channel.rawValue)"
            await limiter.acquire(channel)
            try await deliver(due, channel, sender, connection, logger)
            return true
        }
    }

    private func deliver(
        _ due: Due, _ channel: Channel, _ sender: any ChannelSender, _ connection: PostgresConnection, _ logger: Logger
    ) async throws {
        let values = (try? JSONBody.decoder.decode([String: JSONValue].self, from: Data(due.data.utf8))) ?? [:]
        let message: RenderedMessage
        do {
            message = try await templates.render(
                due.kind, channel: channel, locale: due.locale, values: values, on: connection, logger: logger)
        } catch {
            return try await failed(due, channel, attempts: maxAttempts, error: error, connection, logger)
        }
        let notice = OutgoingNotice(
            deliveryID: due.id, kind: due.kind, channel: channel, recipient: due.recipient, userID: due.userID,
            message: message, values: values)
        do {
            switch try await sender.send(notice, on: connection, logger: logger) {
            case .sent:
                try await sent(due, message, connection, logger)
                Self.count(channel.rawValue, "sent")
            case .gone(let reason):
                try await connection.query(
                    """
                    UPDATE deliveries SET status = 'gone', attempts = attempts + 1, last_error = \(reason)
                    WHERE id = \(due.id)
                    """, logger: logger)
                Self.count(channel.rawValue, "gone")
            }
        } catch {
            try await failed(due, channel, attempts: due.attempts + 1, error: error, connection, logger)
        }
    }

    private func sent(_ due: Due, _ message: RenderedMessage, _ connection: PostgresConnection, _ logger: Logger)
        async throws
    {
        let secret = Self.secretBearing.contains(due.kind)
        try await connection.query(
            """
            UPDATE deliveries SET status = 'sent', attempts = attempts + 1, sent_at = now(),
                subject = \(message.subject), text_body = \(secret ? "" : message.body),
                html_body = \(secret ? nil : message.html), data = CASE WHEN \(secret) THEN NULL ELSE data END
            WHERE id = \(due.id)
            """, logger: logger)
        logger.info("notification sent")
    }

    /// `notifications_sent_total{channel,outcome}`: sent, retrying, failed (for good), gone.
    static func count(_ channel: String, _ outcome: String) {
        Counter(label: "notifications_sent_total", dimensions: [("channel", channel), ("outcome", outcome)])
            .increment()
    }

    private func failed(
        _ due: Due, _ channel: Channel, attempts: Int, error: any Error, _ connection: PostgresConnection,
        _ logger: Logger
    ) async throws {
        let reason = String(String(describing: error).prefix(1000))
        let final = attempts >= maxAttempts
        let exponent = min(max(attempts - 1, 0), 12)
        let delay = min(Duration.seconds(3600), retryBase * (1 << exponent))
        let delaySeconds = Double(delay.components.seconds) + Double(delay.components.attoseconds) / 1e18
        try await connection.query(
            """
            UPDATE deliveries SET attempts = \(attempts), last_error = \(reason),
                status = \(final ? "failed" : "pending"), next_attempt_at = now() + make_interval(secs => \(delaySeconds))
            WHERE id = \(due.id)
            """, logger: logger)
        logger.warning("delivery failed", metadata: ["attempt": "\(attempts)", "error": "\(reason)"])
        Self.count(channel.rawValue, final ? "failed" : "retrying")
        if final {
            let event = DeliveryFailed(
                deliveryId: due.id, eventId: due.eventID, channel: channel.rawValue, recipient: due.recipient,
                reason: reason)
            try await Outbox.enqueue(event, on: connection, logger: logger)
        }
    }
}
