import Logging
import PostgresNIO

/// Direct connections to the test database as one service's role, for isolation checks and
/// for moving a service's clock forward (expiring a hold or a token) instead of waiting.
public enum TestDatabase {
    public static func connect(as service: String) async throws -> PostgresConnection {
        let configuration = PostgresConnection.Configuration(
            host: "127.0.0.1", port: TestEnvironment.postgresPort, username: "\(service)_svc",
            password: TestEnvironment.databasePassword(service), database: "homestudio", tls: .disable)
        return try await PostgresConnection.connect(
            configuration: configuration, id: Int.random(in: 1...Int(Int32.max)), logger: Logger(label: "test-db"))
    }
}
