import Configuration
import Logging
import Metrics
import Persistence
import PostgresNIO
import ServiceKit
import ServiceLifecycle

/// How long one kind of row is kept: `configKey` (days, `defaultDays` when unset; 0 keeps the
/// rows for ever; never below `minimumDays`), and the statement that deletes at most `limit` rows
/// past that age and returns how many it deleted (one integer).
public struct RetentionRule: Sendable {
    /// The table (or kind of row), for logs and the `retention_rows_deleted_total{table}` metric.
    public var name: String
    public var configKey: String
    public var defaultDays: Int
    public var minimumDays: Int
    public var delete: @Sendable (_ days: Int, _ limit: Int) -> PostgresQuery

    public init(
        name: String, configKey: String, defaultDays: Int, minimumDays: Int = 0,
        delete: @escaping @Sendable (_ days: Int, _ limit: Int) -> PostgresQuery
    ) {
        self.name = name
        self.configKey = configKey
        self.defaultDays = defaultDays
        self.minimumDays = minimumDays
        self.delete = delete
    }

    /// Rows of `table` whose `endedAt` (an SQL expression over its columns, e.g.
    /// `coalesce(used_at, expires_at)`) is older than the retention, among those matching
    /// `condition`. Deleted by physical address (`ctid`, a TID scan) in batches of `limit`.
    /// `table`, `endedAt` and `condition` are SQL written in the code, never input.
    public static func rows(
        of table: String, endedAt: String, where condition: String = "true", name: String? = nil,
        configKey: String, defaultDays: Int, minimumDays: Int = 0
    ) -> RetentionRule {
        RetentionRule(
            name: name ?? table, configKey: configKey, defaultDays: defaultDays, minimumDays: minimumDays
        ) { days, limit in
            """
            WITH gone AS (
                DELETE FROM \(unescaped: table) WHERE ctid = ANY(ARRAY(
                    SELECT ctid FROM \(unescaped: table)
                    WHERE (\(unescaped: condition)) AND \(unescaped: endedAt) < now() - make_interval(days => \(days)::int)
                    LIMIT \(limit)))
                RETURNING 1)
            SELECT count(*)::int FROM gone
            """
        }
    }

    /// The consumer's inbox and failure counts, which every service has (`Outbox.migration`).
    ///
    /// `retention.inbox.days` (30, at least 8): the inbox only has to outlive every duplicate of
    /// an event it recorded. Duplicates come from the broker redelivering an unacknowledged
    /// message (at once, on reconnection), the retry queue (`amqp.retry.delay.ms` ×
    /// `amqp.retry.max.attempts`, seconds), the relay publishing a row again when its commit
    /// failed after the broker's confirm (its next round), or someone re-publishing an outbox row,
    /// which is kept 7 days after publication; a message waiting in a queue while its consumer
    /// is down is delayed by as long as the outage. Hence the floor of 8 days and a default that
    /// also covers a month-long outage. Parked messages were never recorded (their transaction
    /// rolled back), so replaying them later needs no inbox row.
    /// `retention.inbox.failures.days` (30): failure counts of events that were parked or
    /// succeeded later (a replayed message starts counting again).
    public static let messaging: [RetentionRule] = [
        rows(of: "inbox", endedAt: "processed_at", configKey: "retention.inbox.days", defaultDays: 30, minimumDays: 8),
        rows(
            of: "inbox_failures", endedAt: "updated_at", configKey: "retention.inbox.failures.days", defaultDays: 30),
    ]

    /// An index that lets the inbox be pruned by age without reading it all; in every service's
    /// migrations (a version above `Outbox.migration`'s 1000, which creates the table).
    public static let messagingMigration = Migration(
        1100, "retention: inbox by age", ["CREATE INDEX IF NOT EXISTS inbox_processed ON inbox (processed_at)"])
}

/// Deletes what the rules say is too old, every `retention.interval.minutes` (60), in batches of
/// `retention.batch.size` (5000) rows, each its own short transaction, so that no replica holds
/// row locks for long nor bloats one huge transaction.
///
/// Replicas: each batch starts with `pg_try_advisory_xact_lock` on a key of the schema; when
/// another replica holds it (it is deleting a batch), this replica ends its pass and leaves the
/// round to that one. So batches of one schema never run side by side (no waiting on each
/// other's row locks, no duplicate work), and the lock is released with its transaction: a
/// crashed or cancelled replica leaves nothing behind (a session-level lock could stay on a
/// pooled connection). Correctness does not depend on it: the deletes are idempotent (a row
/// deleted by another replica meanwhile is skipped), so a lost race only costs a batch.
public struct RetentionJob: Service {
    /// A rule with the retention it runs with (days; 0: never).
    public struct Resolved: Sendable {
        public var rule: RetentionRule
        public var days: Int

        public init(rule: RetentionRule, days: Int) {
            self.rule = rule
            self.days = days
        }
    }

    let rules: [Resolved]
    let interval: Duration
    let batchSize: Int
    let client: PostgresClient
    let logger: Logger

    /// The job of a service: the messaging rules (`RetentionRule.messaging`) and its own, with
    /// their configured retention.
    public init(_ dependencies: ServiceDependencies, rules: [RetentionRule]) {
        self.init(
            rules: RetentionRule.messaging + rules, reader: dependencies.reader, client: dependencies.database,
            logger: dependencies.logger)
    }

    public init(rules: [RetentionRule], reader: ConfigReader, client: PostgresClient, logger: Logger) {
        let resolved = rules.map { rule in
            let configured = reader.int(forKey: ConfigKey(rule.configKey), default: rule.defaultDays)
            if configured > 0, configured < rule.minimumDays {
                logger.warning(
                    "retention below its minimum; using the minimum",
                    metadata: ["key": "\(rule.configKey)", "days": "\(configured)", "minimum": "\(rule.minimumDays)"])
            }
            return Resolved(rule: rule, days: configured > 0 ? max(configured, rule.minimumDays) : 0)
        }
        self.init(
            rules: resolved,
            interval: .seconds(60 * max(1, reader.int(forKey: "retention.interval.minutes", default: 60))),
            batchSize: max(1, reader.int(forKey: "retention.batch.size", default: 5000)), client: client,
            logger: logger)
    }

    public init(rules: [Resolved], interval: Duration, batchSize: Int, client: PostgresClient, logger: Logger) {
        self.rules = rules
        self.interval = interval
        self.batchSize = batchSize
        self.client = client
        self.logger = logger
    }

    public func run() async throws {
        while !Task.isShuttingDownGracefully, !Task.isCancelled {
            do {
                _ = try await prune()
            } catch {
                logger.warning("retention pass failed", metadata: ["error": "\(String(describing: error))"])
            }
            await GracefulPause.sleep(for: interval)
        }
    }

    /// What one pass did: rows deleted per rule, and whether it left the rest of the round to
    /// another replica (or stopped for shutdown).
    public struct Pass: Sendable {
        public var deleted: [String: Int] = [:]
        public var yielded = false
    }

    /// One pass over every rule (rules kept for ever are skipped).
    public func prune() async throws -> Pass {
        var pass = Pass()
        for resolved in rules where resolved.days > 0 && !pass.yielded {
            var total = 0
            while true {
                guard !Task.isShuttingDownGracefully, !Task.isCancelled,
                    let deleted = try await batch(resolved)
                else {
                    pass.yielded = true
                    break
                }
                total += deleted
                if deleted < batchSize { break }
            }
            pass.deleted[resolved.rule.name, default: 0] += total
            guard total > 0 else { continue }
            Counter(label: "retention_rows_deleted_total", dimensions: [("table", resolved.rule.name)])
                .increment(by: total)
            logger.info(
                "retention: rows deleted",
                metadata: ["table": "\(resolved.rule.name)", "rows": "\(total)", "olderThanDays": "\(resolved.days)"])
        }
        if pass.yielded { logger.debug("retention: pass left to another replica or stopped for shutdown") }
        return pass
    }

    /// One batch in its own transaction; nil when another replica holds the schema's lock.
    private func batch(_ resolved: Resolved) async throws -> Int? {
        try await client.transaction(logger: logger) { connection in
            let locked = try await connection.query(
                "SELECT pg_try_advisory_xact_lock(hashtext(current_schema() || '.retention'))", logger: logger)
            guard try await locked.decode(Bool.self).firstElement() == true else { return nil }
            try await connection.query("SET LOCAL statement_timeout = '60s'", logger: logger)
            let rows = try await connection.query(resolved.rule.delete(resolved.days, batchSize), logger: logger)
            return try await rows.decode(Int.self).firstElement() ?? 0
        }
    }
}
