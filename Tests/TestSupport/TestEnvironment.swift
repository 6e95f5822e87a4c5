import Foundation

#if canImport(Glibc)
    import Glibc
#endif

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
    public static var amqpPort: Int { Int(environment["HS_TEST_AMQP_PORT"] ?? "") ?? 13672 }
    public static var amqpManagementPort: Int { Int(environment["HS_TEST_AMQP_MGMT_PORT"] ?? "") ?? 13680 }
    public static var stripePort: Int { Int(environment["HS_TEST_STRIPE_PORT"] ?? "") ?? 18090 }
    public static var paypalPort: Int { Int(environment["HS_TEST_PAYPAL_PORT"] ?? "") ?? 18091 }
    public static var tmdbPort: Int { Int(environment["HS_TEST_TMDB_PORT"] ?? "") ?? 18093 }
    /// Where the suite's services export spans (`OTEL_EXPORTER_OTLP_ENDPOINT`); `FakeCollector` listens.
    public static var otlpPort: Int { Int(environment["HS_TEST_OTLP_PORT"] ?? "") ?? 18094 }
    public static var tmdbKey: String { environment["HS_TEST_TMDB_KEY"] ?? "test-tmdb-key" }
    public static var twilioPort: Int { Int(environment["HS_TEST_TWILIO_PORT"] ?? "") ?? 18092 }
    public static var paypalWebhookID: String { environment["HS_TEST_PAYPAL_WEBHOOK_ID"] ?? "" }
    public static var stripeWebhookSecret: String { environment["HS_TEST_STRIPE_WEBHOOK_SECRET"] ?? "" }
    /// The suite's Redis (scripts/redis), with its password; nil outside `make test`.
    public static var redisURL: String? { environment["HS_TEST_REDIS_URL"] }
    public static var postgresPort: Int { Int(environment["HS_TEST_PG_PORT"] ?? "") ?? 13432 }
    public static var root: String { environment["HS_ROOT"] ?? FileManager.default.currentDirectoryPath }

    /// A service's own address (not through the gateway), e.g. for its `/metrics`.
    public static func serviceURL(_ service: String) -> String {
        environment["HS_TEST_\(service.uppercased())_URL"] ?? "http://127.0.0.1:18083"
    }

    /// A service's internal listener (health, `/metrics`), never reachable through the gateway.
    public static func internalURL(_ service: String) -> String {
        environment["HS_TEST_\(service.uppercased())_INTERNAL_URL"] ?? "http://127.0.0.1:18183"
    }

    /// The password of a service's database role (`<service>_svc`).
    public static func databasePassword(_ service: String) -> String {
        environment["HS_TEST_DB_PASSWORD_\(service.uppercased())"] ?? ""
    }

    /// Runs one of the project's scripts in test mode (e.g. `rabbitmq stop`), waiting for it off
    /// the cooperative pool. (posix_spawn + waitpid: Foundation's Process.waitUntilExit was seen
    /// to hang here when the script leaves a daemon behind, as `rabbitmq start` does.)
    public static func script(_ name: String, _ arguments: String...) async throws {
        let argv = ["/usr/bin/env", "HS_MODE=test", "\(root)/scripts/\(name)"] + arguments
        let status: Int32 = try await withCheckedThrowingContinuation { continuation in
            DispatchQueue.global().async {
                var pid: pid_t = 0
                var cArgs = argv.map { strdup($0) } + [nil]
                defer { for pointer in cArgs { free(pointer) } }
                let spawned = posix_spawn(&pid, argv[0], nil, nil, &cArgs, environ)
                guard spawned == 0 else {
                    return continuation.resume(throwing: TestFailure("cannot run scripts/\(name): \(spawned)"))
                }
                var status: Int32 = 0
                while waitpid(pid, &status, 0) == -1, errno == EINTR {}
                continuation.resume(returning: status)
            }
        }
        guard status == 0 else {
            throw TestFailure("scripts/\(name) \(arguments.joined(separator: " ")) failed (wait status \(status))")
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
