import Logging
import PostgresNIO
import ServiceRuntime

extension TestDatabase {
    /// A running connection pool as one service's role (so in its schema), for `body`.
    public static func withClient<T: Sendable>(
        as service: String, _ body: @Sendable (PostgresClient) async throws -> T
    ) async throws -> T {
        let configuration = PostgresClient.Configuration(
            host: "127.0.0.1", port: TestEnvironment.postgresPort, username: "\(service)_svc",
            password: TestEnvironment.databasePassword(service), database: "homestudio", tls: .disable)
        var logger = Logger(label: "test-db")
        logger.logLevel = .error  // not the pool's notices about connections given up when `body` ends
        let client = PostgresClient(configuration: configuration, backgroundLogger: logger)
        return try await withThrowingTaskGroup(of: T?.self) { group in
            group.addTask {
                await client.run()
                return nil
            }
            defer { group.cancelAll() }
            return try await body(client)
        }
    }
}

extension RetentionJob {
    /// Passes until one ran to the end: a running service's own job may hold the schema's lock
    /// for a batch, and then a pass leaves the round to it. Rows deleted per rule, summed.
    public func pruneToCompletion(attempts: Int = 20) async throws -> [String: Int] {
        var deleted: [String: Int] = [:]
        for _ in 0..<attempts {
            let pass = try await prune()
            deleted.merge(pass.deleted, uniquingKeysWith: +)
            if !pass.yielded { return deleted }
            try await Task.sleep(for: .milliseconds(100))
        }
        throw TestFailure("every retention pass was cut short")
    }
}
