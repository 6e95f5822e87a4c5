import AMQP
import Foundation
import Logging
import NIOCore
import Persistence
import PostgresNIO

/// The parking lot of a consuming service, kept in its own schema: every message its consumer
/// parks is recorded here (as well as published to `<service>.parked` and announced by
/// `messaging.message.parked`), so that staff can list it, replay it or discard it through the
/// service's API (`ParkedMessagesController` in ServiceRuntime).
///
/// A replay goes through the outbox: the original body and type are written as an outbox row
/// addressed to the service's own work queue (the default exchange, not the topic exchange, so
/// that the other consumers of that routing key do not receive the event a second time), in the
/// transaction that marks the row replayed. A broker outage delays the replay; it never loses it.
public enum ParkedMessages {
    /// `parked_messages`, and the columns that let an outbox row go straight to one queue with
    /// headers; a version above `Outbox.migration`'s 1000, in every service's schema.
    public static let migration = Migration(
        1001, "parked messages; outbox rows addressed to a queue",
        [
            "ALTER TABLE outbox ADD COLUMN IF NOT EXISTS queue text",
            "ALTER TABLE outbox ADD COLUMN IF NOT EXISTS headers jsonb",
            """
            CREATE TABLE IF NOT EXISTS parked_messages (
                id uuid PRIMARY KEY,
                message_id text NOT NULL,
                event_id uuid,
                routing_key text NOT NULL,
                type text NOT NULL,
                body bytea NOT NULL,
                headers jsonb NOT NULL DEFAULT '{}',
                reason text NOT NULL,
                parked_at timestamptz NOT NULL DEFAULT now(),
                status text NOT NULL DEFAULT 'parked' CHECK (status IN ('parked', 'replayed', 'discarded')),
                replayed_at timestamptz, replayed_by uuid, replay_message_id uuid,
                discarded_at timestamptz, discarded_by uuid, discard_reason text)
            """,
            "CREATE INDEX IF NOT EXISTS parked_messages_newest ON parked_messages (parked_at DESC, id DESC)",
            // A message whose parking is retried (the broker refused the copy) is recorded once.
            """
            CREATE UNIQUE INDEX IF NOT EXISTS parked_messages_open ON parked_messages (message_id)
            WHERE status = 'parked'
            """,
        ])

    /// The header that carries a replayed message's original routing key.
    public static let originalRoutingKeyHeader = "x-original-routing-key"
    /// The header naming the parked row a replayed message comes from.
    public static let replayOfHeader = "x-replay-of"

    /// What the consumer knows of a message it parks.
    public struct Parking: Sendable {
        public var messageID: String
        public var eventID: UUID?
        public var routingKey: String
        public var type: String
        public var body: [UInt8]
        public var headers: [String: String]
        public var reason: String
    }

    /// Records a parked message (once while it stays parked); returns its row id, nil when it
    /// was already recorded.
    @discardableResult
    public static func record(_ parking: Parking, client: PostgresClient, logger: Logger) async throws -> UUID? {
        let id = UUID()
        let headers = String(decoding: try JSONEncoder().encode(parking.headers), as: UTF8.self)
        let rows = try await client.query(
            """
            INSERT INTO parked_messages (id, message_id, event_id, routing_key, type, body, headers, reason)
            VALUES (\(id), \(parking.messageID), \(parking.eventID), \(parking.routingKey), \(parking.type),
                    \(ByteBuffer(bytes: parking.body)), \(headers)::jsonb, \(parking.reason))
            ON CONFLICT (message_id) WHERE status = 'parked' DO NOTHING
            RETURNING id
            """, logger: logger)
        return try await rows.decode(UUID.self).firstElement()
    }

    /// The work queue a replay of `service`'s parked message is addressed to.
    public static func replayQueue(service: String) -> String {
        Topology(exchange: "", service: service, bindings: []).workQueue
    }

    /// Writes a replay of a parked message to the outbox (in the caller's transaction) and
    /// forgets the event's failed attempts, so that it gets its full retry budget again.
    /// Returns the id of the message the relay will publish.
    public static func enqueueReplay(
        of parkedID: UUID, type: String, routingKey: String, body: ByteBuffer, eventID: UUID?, service: String,
        on connection: PostgresConnection, logger: Logger
    ) async throws -> UUID {
        let id = UUID()
        let headers = String(
            decoding: try JSONEncoder().encode([
                originalRoutingKeyHeader: routingKey, replayOfHeader: parkedID.uuidString.lowercased(),
            ]), as: UTF8.self)
        try await connection.query(
            """
            INSERT INTO outbox (id, type, body, queue, headers)
            VALUES (\(id), \(type), \(body), \(replayQueue(service: service)), \(headers)::jsonb)
            """, logger: logger)
        if let eventID {
            try await connection.query("DELETE FROM inbox_failures WHERE event_id = \(eventID)", logger: logger)
        }
        try await connection.query("SELECT pg_notify('outbox_' || current_schema(), '')", logger: logger)
        return id
    }
}
