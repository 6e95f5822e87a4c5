import AMQP
import Foundation
import Logging
import Metrics
import NIOCore
import Persistence
import PostgresNIO
import ServiceLifecycle
import Synchronization

/// Publishes the outbox of one schema: batches of unpublished rows are locked (`SKIP LOCKED`, so
/// several replicas share the work), published with confirms and marked sent in the same
/// transaction; the next batch is read and sent while the previous one's confirms are pending
/// (the publisher's sliding confirm window). It wakes when a transaction of this process that
/// wrote events commits (`OutboxWakeups`), on the `NOTIFY` of other writers, and at least every
/// `pollInterval`.
/// A broker or database outage leaves rows unpublished; they go out once both are back.
public final class OutboxRelay: Service, Sendable {
    let client: PostgresClient
    let publisher: AMQPPublisher
    let exchange: String
    let schema: String
    let batchSize: Int
    /// Batches in flight at once: the next one is read and sent while the earlier ones' confirms
    /// are pending (each in its own transaction, its rows locked until they are confirmed).
    let pipelineDepth: Int
    let pollInterval: Duration
    let logger: Logger
    let healthy = Atomic<Bool>(false)
    let published: Counter
    let backlog: Gauge
    let oldestAge: Gauge
    /// Parked messages nobody has replayed or discarded yet (the service's `parked_messages`).
    let parked: Gauge

    public init(
        client: PostgresClient, publisher: AMQPPublisher, exchange: String, schema: String, logger: Logger,
        batchSize: Int = 250, pipelineDepth: Int = 4, pollInterval: Duration = .seconds(1)
    ) {
        self.pipelineDepth = max(1, pipelineDepth)
        self.client = client
        self.publisher = publisher
        self.exchange = exchange
        self.schema = schema
        self.batchSize = batchSize
        self.pollInterval = pollInterval
        self.logger = logger
        self.published = Counter(label: "events_published_total", dimensions: [("service", schema)])
        self.backlog = Gauge(label: "outbox_backlog", dimensions: [("service", schema)])
        self.oldestAge = Gauge(label: "outbox_oldest_age_seconds", dimensions: [("service", schema)])
        self.parked = Gauge(label: "messages_parked", dimensions: [("service", schema)])
    }

    /// True when the last attempt to reach the broker succeeded.
    public var isBrokerReachable: Bool { healthy.load(ordering: .relaxed) }

    public func run() async throws {
        let (wakeups, wake) = AsyncStream.makeStream(of: Void.self, bufferingPolicy: .bufferingNewest(1))
        let registration = OutboxWakeups.add { wake.yield() }
        defer { OutboxWakeups.remove(registration) }
        await withDiscardingTaskGroup { group in
            group.addTask { await self.listen(wake) }
            group.addTask { await self.tick(wake) }
            for await _ in wakeups.cancelOnGracefulShutdown() { await self.drain() }
            group.cancelAll()
        }
        await flush(within: .seconds(2))
    }

    /// One last drain at shutdown, bounded: what it cannot publish stays in the outbox for the
    /// next relay (this replica's successor or another one), so nothing is lost by giving up.
    func flush(within limit: Duration) async {
        await withTaskGroup(of: Void.self) { group in
            group.addTask { await self.drain() }
            group.addTask { try? await Task.sleep(for: limit) }
            await group.next()
            group.cancelAll()
        }
    }

    /// Publishes until the outbox is empty (or an error stops this round).
    public func drain() async {
        do {
            _ = try await publishAll()
            healthy.store(true, ordering: .relaxed)
        } catch {
            healthy.store(false, ordering: .relaxed)
            logger.warning("outbox relay could not publish", metadata: ["error": "\(String(describing: error))"])
        }
    }

    /// Publishes until the outbox is empty; returns how many rows it published. Rows go out in
    /// `seq` order (a batch is read only once the one before was sent); when a batch fails, the
    /// batches after it may still be confirmed, and its rows go out again later (consumers
    /// deduplicate by event id).
    public func publishAll() async throws -> Int {
        try await withThrowingTaskGroup(of: Int.self) { group in
            var (published, inFlight) = (0, 0)
            while true {
                let (sent, signal) = AsyncStream.makeStream(of: Int.self)
                group.addTask {
                    defer { signal.finish() }
                    return try await self.publishBatch { signal.yield($0) }
                }
                inFlight += 1
                var count = 0
                for await value in sent {
                    count = value
                    break
                }
                guard count == batchSize else { break }
                if inFlight >= pipelineDepth, let done = try await group.next() {
                    published += done
                    inFlight -= 1
                }
            }
            for try await done in group { published += done }
            return published
        }
    }

    /// One batch; returns how many rows it published. `sent` learns how many rows were sent, before
    /// their confirms are awaited (0 when the outbox had none).
    public func publishBatch(sent: @Sendable (Int) -> Void = { _ in }) async throws -> Int {
        try await client.transaction(logger: logger) { connection in
            // One statement locks the batch and marks it published; the mark commits only once the
            // broker has confirmed every message (a failure rolls it back: the rows go out again).
            // Marking need not wait for the disk: a mark lost in a crash only means the rows go out
            // again, which at-least-once delivery allows (consumers deduplicate). Three round trips
            // a batch (BEGIN, this, COMMIT) instead of five with a SET LOCAL, a SELECT and an UPDATE.
            // The batch's keys are an array (an init plan): the rows are then found by primary key,
            // whatever the planner thinks of a join with a large, mostly published outbox.
            let rows = try await connection.query(
                """
                UPDATE outbox SET published_at = now()
                FROM (SELECT set_config('synchronous_commit', 'off', true)) relaxed
                WHERE seq = ANY(ARRAY(SELECT seq FROM outbox WHERE published_at IS NULL
                                      ORDER BY seq LIMIT \(batchSize) FOR UPDATE SKIP LOCKED))
                RETURNING seq, id, type, body, queue, headers::text
                """, logger: logger)
            var batch: [(seq: Int64, message: OutgoingMessage)] = []
            for try await (seq, id, type, body, queue, headers) in rows.decode(
                (Int64, UUID, String, ByteBuffer, String?, String?).self)
            {
                batch.append((seq, message(id: id, type: type, body: body, queue: queue, headers: headers)))
            }
            if batch.isEmpty {
                try await publisher.connect()
                sent(0)
                return 0
            }
            // RETURNING keeps no order: the batch goes out in `seq` order.
            let messages = batch.sorted { $0.seq < $1.seq }.map(\.message)
            let ticket = try await publisher.send(messages)
            sent(messages.count)
            try await publisher.confirmed(ticket)
            published.increment(by: messages.count)
            return messages.count
        }
    }

    /// An event goes to the exchange by its type; a row addressed to a queue (a replay of a parked
    /// message) goes straight to that queue through the default exchange.
    private func message(id: UUID, type: String, body: ByteBuffer, queue: String?, headers: String?)
        -> OutgoingMessage
    {
        OutgoingMessage(
            exchange: queue == nil ? exchange : "", routingKey: queue ?? type, body: Array(buffer: body),
            messageID: id.uuidString.lowercased(), type: type,
            headers: headers.flatMap { try? JSONDecoder().decode([String: String].self, from: Data($0.utf8)) } ?? [:])
    }

    private func listen(_ wake: AsyncStream<Void>.Continuation) async {
        while !Task.isCancelled {
            do {
                try await client.withConnection { connection in
                    try await connection.listen(on: "outbox_\(schema)") { notifications in
                        wake.yield()
                        for try await _ in notifications { wake.yield() }
                    }
                }
            } catch {
                logger.debug("outbox listener interrupted", metadata: ["error": "\(error)"])
            }
            try? await Task.sleep(for: .seconds(1))
        }
    }

    private func tick(_ wake: AsyncStream<Void>.Continuation) async {
        var rounds = 0
        while !Task.isCancelled {
            try? await Task.sleep(for: pollInterval)
            wake.yield()
            rounds += 1
            if rounds % 5 == 0 { await measureBacklog() }
            if rounds % 3600 == 0 { await purgePublished() }
        }
    }

    private func measureBacklog() async {
        let rows = try? await client.query(
            """
            SELECT count(*)::int8, coalesce(extract(epoch FROM now() - min(created_at)), 0)::float8
            FROM outbox WHERE published_at IS NULL
            """, logger: logger)
        if let rows, let (count, age) = try? await rows.decode((Int, Double).self).firstElement() {
            backlog.record(count)
            oldestAge.record(age)
        }
        let parkedRows = try? await client.query(
            "SELECT count(*)::int8 FROM parked_messages WHERE status = 'parked'", logger: logger)
        if let parkedRows, let waiting = try? await parkedRows.decode(Int.self).firstElement() {
            parked.record(waiting)
        }
    }

    /// Published rows are kept a week for inspection, then removed.
    private func purgePublished() async {
        _ = try? await client.query(
            "DELETE FROM outbox WHERE published_at < now() - interval '7 days'", logger: logger)
    }
}
