import Foundation

/// Where the running test suite is, as exported by `scripts/test` (HS_TEST_* variables).
/// Integration suites are enabled only when it is present; `scripts/test` also sets
/// HS_REQUIRE_INTEGRATION=1 so that a missing variable fails loudly instead of skipping.
public enum TestEnvironment {
    static let environment = ProcessInfo.processInfo.environment

    public static var isAvailable: Bool {
        let available = environment["HS_TEST_GATEWAY_URL"] != nil
        if !available, environment["HS_REQUIRE_INTEGRATION"] == "1" {
            fatalError("HS_REQUIRE_INTEGRATION=1 but HS_TEST_GATEWAY_URL is not set: run through scripts/test")
        }
        return available
    }

    public static var gatewayURL: String { environment["HS_TEST_GATEWAY_URL"] ?? "http://127.0.0.1:18080" }
    public static var mailURL: String { environment["HS_TEST_MAIL_URL"] ?? "http://127.0.0.1:18025" }
    public static var amqpPort: Int { Int(environment["HS_TEST_AMQP_PORT"] ?? "") ?? 56672 }
    public static var amqpManagementPort: Int { Int(environment["HS_TEST_AMQP_MGMT_PORT"] ?? "") ?? 56680 }
    public static var postgresPort: Int { Int(environment["HS_TEST_PG_PORT"] ?? "") ?? 56432 }
    public static var root: String { environment["HS_ROOT"] ?? FileManager.default.currentDirectoryPath }

    /// The password of a service's database role (`<service>_svc`).
    public static func databasePassword(_ service: String) -> String {
        environment["HS_TEST_DB_PASSWORD_\(service.uppercased())"] ?? ""
    }

    /// Runs one of the project's scripts in test mode (e.g. `rabbitmq stop`).
    public static func script(_ name: String, _ arguments: String...) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "\(root)/scripts/\(name)")
        process.arguments = arguments
        var env = environment
        env["HS_MODE"] = "test"
        process.environment = env
        try process.run()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw TestFailure("scripts/\(name) \(arguments.joined(separator: " ")) exited \(process.terminationStatus)")
        }
    }
}

public struct TestFailure: Error, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}

/// Polls until `condition` returns a value, or fails after `timeout`.
public func eventually<T>(
    timeout: Duration = .seconds(30), every interval: Duration = .milliseconds(200), _ what: String,
    _ condition: () async throws -> T?
) async throws -> T {
    let deadline = ContinuousClock.now + timeout
    var lastError: (any Error)?
    while ContinuousClock.now < deadline {
        do {
            if let value = try await condition() { return value }
        } catch {
            lastError = error
        }
        try await Task.sleep(for: interval)
    }
    throw TestFailure("timed out waiting for \(what)\(lastError.map { " (last error: \($0))" } ?? "")")
}
