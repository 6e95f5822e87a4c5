import Foundation
import Logging
import PostgresNIO
import TestSupport
import Testing

/// Each service's role reaches its own schema and nothing else.
@Suite("Database isolation", .enabled(if: TestEnvironment.isAvailable))
struct DatabaseIsolationTests {
    func sqlState(_ body: () async throws -> Void) async -> String? {
        do {
            try await body()
            return nil
        } catch let error as PSQLError {
            return error.serverInfo?[.sqlState]
        } catch {
            return "other: \(error)"
        }
    }

    @Test(
        "a service role can read its own schema but not another service's",
        arguments: [
            ("catalog", "scheduling.bookings"), ("payments", "auth.users"), ("scheduling", "payments.payments"),
        ])
    func isolation(service: String, foreignTable: String) async throws {
        let connection = try await TestDatabase.connect(as: service)
        defer { Task { try? await connection.close() } }
        let own = await sqlState {
            try await connection.query("SELECT count(*) FROM outbox", logger: Logger(label: "test"))
        }
        #expect(own == nil)
        let foreign = await sqlState {
            try await connection.query(
                PostgresQuery(unsafeSQL: "SELECT count(*) FROM \(foreignTable)"), logger: Logger(label: "test"))
        }
        #expect(foreign == "42501")
    }
}
