import Foundation
import Logging
import Metrics
import Persistence
import PostgresNIO
import ServiceKit
import ServiceLifecycle

/// The database pool as metrics, sampled every 15 s (PostgresNIO keeps its pool's own counters
/// internal): `db_pool_connections_max` (the configured size), `db_pool_connections_open` and
/// `db_pool_connections_in_use` (this process's sessions in `pg_stat_activity`, found by their
/// `application_name`; in use = running a statement or inside a transaction, the probe's own
/// session left out), and `db_pool_acquire_duration_seconds`, the round trip of that probe query
/// through the pool — a saturated pool makes it wait for a connection, which is what it shows.
struct DatabasePoolMetrics: Service {
    let client: PostgresClient
    let config: DatabaseConfig
    let interval: Duration
    let logger: Logger

    static let acquire = MetricsSetup.secondsHistogram(
        "db_pool_acquire_duration_seconds", buckets: [0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 5])

    func run() async throws {
        Gauge(label: "db_pool_connections_max").record(config.poolSize)
        let open = Gauge(label: "db_pool_connections_open")
        let inUse = Gauge(label: "db_pool_connections_in_use")
        await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                do {
                    let (total, busy) = try await sample()
                    open.record(total)
                    inUse.record(busy)
                } catch {
                    logger.debug("database pool not sampled", metadata: ["error": "\(error)"])
                }
                try? await Task.sleep(for: interval)
            }
        }
    }

    /// (open, in use) of this process's sessions, and the probe's round trip recorded.
    func sample() async throws -> (Int, Int) {
        let started = ContinuousClock.now
        let rows = try await client.query(
            """
            SELECT count(*)::int, (count(*) FILTER (WHERE state <> 'idle' AND pid <> pg_backend_pid()))::int
            FROM pg_stat_activity WHERE application_name = \(config.applicationName)
            """, logger: logger)
        var result = (0, 0)
        for try await row in rows.decode((Int, Int).self) { result = row }
        let elapsed = ContinuousClock.now - started
        Self.acquire.record(Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18)
        return result
    }
}
