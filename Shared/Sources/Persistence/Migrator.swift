import Logging
import PostgresNIO

/// One schema change: a version, a name and the statements that apply it.
public struct Migration: Sendable {
    public var version: Int
    public var name: String
    public var statements: [String]

    public init(_ version: Int, _ name: String, _ statements: [String]) {
        self.version = version
        self.name = name
        self.statements = statements
    }
}

/// Applies a service's migrations to its own schema at start-up.
///
/// Everything runs in one transaction behind a transaction-level advisory lock, so two replicas
/// that start together apply each migration once: the second waits, then finds nothing to do.
public struct Migrator: Sendable {
    let client: PostgresClient
    let lockKey: Int64
    let logger: Logger

    public init(client: PostgresClient, service: String, logger: Logger) {
        self.client = client
        self.lockKey = Int64(bitPattern: UInt64(truncatingIfNeeded: service.utf8.reduce(5381) { $0 &* 33 &+ Int($1) }))
        self.logger = logger
    }

    public func migrate(_ migrations: [Migration]) async throws {
        try await client.transaction(logger: logger) { connection in
            try await connection.query("SELECT pg_advisory_xact_lock(\(lockKey))", logger: logger)
            try await connection.query(
                """
                CREATE TABLE IF NOT EXISTS schema_migrations (
                    version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())
                """, logger: logger)
            let applied = try await appliedVersions(connection)
            for migration in migrations.sorted(by: { $0.version < $1.version })
            where !applied.contains(migration.version) {
                for statement in migration.statements {
                    try await connection.query(PostgresQuery(unsafeSQL: statement), logger: logger)
                }
                try await connection.query(
                    "INSERT INTO schema_migrations (version, name) VALUES (\(migration.version), \(migration.name))",
                    logger: logger)
                logger.info(
                    "migration applied", metadata: ["version": "\(migration.version)", "name": "\(migration.name)"])
            }
        }
    }

    func appliedVersions(_ connection: PostgresConnection) async throws -> Set<Int> {
        var versions = Set<Int>()
        for try await version in try await connection.query("SELECT version FROM schema_migrations", logger: logger)
            .decode(Int.self)
        {
            versions.insert(version)
        }
        return versions
    }
}
