import AMQP
import Foundation
import Logging
import Messaging
import Persistence
import PostgresNIO
import TestSupport

/// Real broker and database of the test suite, for the shared libraries' own tests. Each test
/// uses its own exchange and queue names, so it never touches the running services' traffic.
enum Infra {
    static let logger = Logger(label: "shared-tests")
    static let amqp = AMQPConfig(host: "127.0.0.1", port: TestEnvironment.amqpPort, user: "guest", password: "guest")

    static var database: DatabaseConfig {
        DatabaseConfig(
            host: "127.0.0.1", port: TestEnvironment.postgresPort, name: "homestudio", user: "sharedtests_svc",
            password: TestEnvironment.databasePassword("sharedtests"), poolSize: 8)
    }

    /// Runs `body` with a running PostgresClient for the sharedtests role, outbox tables migrated.
    static func withDatabase<T: Sendable>(_ body: @Sendable (PostgresClient) async throws -> T) async throws -> T {
        let client = database.makeClient(logger: logger)
        return try await withThrowingTaskGroup(of: T?.self) { group in
            group.addTask {
                await client.run()
                return nil
            }
            try await Migrator(client: client, service: "sharedtests", logger: logger).migrate(Outbox.migrations)
            let result = try await body(client)
            group.cancelAll()
            return result
        }
    }

    static func uniqueName(_ prefix: String) -> String { "\(prefix)-\(UUID().uuidString.prefix(8).lowercased())" }
}

struct TestEvent: IntegrationEvent, Equatable {
    static let type = "tests.thing.happened"
    var number: Int
}
