import Foundation
import Logging
import NIOCore
import Persistence
import PostgresNIO
import Synchronization
import TraceContext

/// The transactional outbox of a service's schema: an event is written in the same transaction
/// as the state change that caused it, and published later by `OutboxRelay`.
public enum Outbox {
    /// The table (in the service's own schema) and the NOTIFY that wakes the relay.
    public static let migration = Migration(
        1000, "outbox and inbox",
        [
            """
            CREATE TABLE IF NOT EXISTS outbox (
                seq bigserial PRIMARY KEY,
                id uuid NOT NULL UNIQUE,
                type text NOT NULL,
                body bytea NOT NULL,
                created_at timestamptz NOT NULL DEFAULT now(),
                published_at timestamptz)
            """,
            "CREATE INDEX IF NOT EXISTS outbox_unpublished ON outbox (seq) WHERE published_at IS NULL",
            """
            CREATE TABLE IF NOT EXISTS inbox (
                event_id uuid PRIMARY KEY,
                type text NOT NULL,
                processed_at timestamptz NOT NULL DEFAULT now())
            """,
            """
            CREATE TABLE IF NOT EXISTS inbox_failures (
                event_id uuid PRIMARY KEY,
                attempts integer NOT NULL,
                last_error text NOT NULL,
                updated_at timestamptz NOT NULL DEFAULT now())
            """,
        ])

    /// Every messaging migration of a service's schema: outbox, inbox, parked messages.
    public static let migrations = [migration, ParkedMessages.migration]

    /// Writes an event in the caller's transaction and wakes a relay once it is committed. The
    /// event carries the task's trace (`TraceParent.current`: the request's or the handled event's).
    /// Inside `PostgresClient.transaction`, with a relay running in this process, the relay is
    /// woken in-process after the commit (`OutboxWakeups`; see `TransactionHooks` for why not a
    /// NOTIFY); otherwise a NOTIFY at commit wakes the relays that LISTEN. Either way every relay
    /// also polls, so a missed wake-up delays an event by one poll interval at most.
    @discardableResult
    public static func enqueue<E: IntegrationEvent>(
        _ event: E, causedBy cause: ReceivedEvent? = nil, on connection: PostgresConnection, logger: Logger
    ) async throws -> UUID {
        let envelope = Envelope(
            type: E.type, version: E.version, correlationId: cause?.causation.correlationId,
            causationId: cause?.causation.causationId, traceparent: TraceParent.current?.header, payload: event)
        let body = ByteBuffer(data: try EventCoding.encoder.encode(envelope))
        if let hooks = TransactionHooks.current, OutboxWakeups.hasRelay {
            try await connection.query(
                "INSERT INTO outbox (id, type, body) VALUES (\(envelope.id), \(E.type), \(body))", logger: logger)
            hooks.afterCommit { OutboxWakeups.wakeAll() }
            return envelope.id
        }
        // The row and the relays' wake-up in one round trip (NOTIFY is delivered at commit).
        try await connection.query(
            """
            WITH row AS (INSERT INTO outbox (id, type, body) VALUES (\(envelope.id), \(E.type), \(body)) RETURNING 1)
            SELECT pg_notify('outbox_' || current_schema(), '') FROM row
            """, logger: logger)
        return envelope.id
    }
}

/// The outbox relays running in this process, woken directly after a commit that wrote events.
public enum OutboxWakeups {
    private static let relays = Mutex<[UUID: @Sendable () -> Void]>([:])

    /// True when at least one relay of this process is running.
    public static var hasRelay: Bool { relays.withLock { !$0.isEmpty } }

    /// Registers a relay's wake-up; returns the key that `remove` takes.
    static func add(_ wake: @escaping @Sendable () -> Void) -> UUID {
        let key = UUID()
        relays.withLock { $0[key] = wake }
        return key
    }

    static func remove(_ key: UUID) { _ = relays.withLock { $0.removeValue(forKey: key) } }

    /// Wakes every relay of this process (one per schema; in a service, its own).
    public static func wakeAll() {
        for wake in relays.withLock({ Array($0.values) }) { wake() }
    }
}
