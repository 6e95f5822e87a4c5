import Foundation
import Logging
import Persistence
import PostgresNIO

/// Brute-force protection for logins, per account and per client address (OWASP ASVS V6.3):
/// failures are counted in a window; from the third on, the answer is delayed progressively;
/// at the limit the key is locked for a while (429 with `Retry-After`). Counting by the e-mail
/// given, whether or not an account has it, so that locking does not reveal which exist.
struct LoginThrottle: Sendable {
    struct Policy: Sendable {
        var accountLimit: Int
        var addressLimit: Int
        var window: TimeInterval
        var lockDuration: TimeInterval
        var delayBase: Duration

        /// The pause before answering the n-th failure: none for the first two, then doubling.
        func delay(afterFailures failures: Int) -> Duration {
            failures < 3 ? .zero : delayBase * (1 << min(failures - 3, 4))
        }
    }

    let client: PostgresClient
    let policy: Policy

    static func accountKey(_ email: String) -> String { "account:" + email.lowercased() }
    static func addressKey(_ address: String?) -> String? { address.map { "address:" + $0 } }

    /// Seconds until the later of the keys' locks ends, or nil when none is locked.
    func lockedFor(_ keys: [String], logger: Logger) async throws -> Int? {
        let rows = try await client.query(
            """
            SELECT ceil(extract(epoch FROM max(locked_until) - now()))::int FROM login_throttle
            WHERE key = ANY(\(keys)) AND locked_until > now()
            """, logger: logger)
        return try await rows.decode(Int?.self).firstElement() ?? nil
    }

    struct Failure {
        var accountFailures: Int
        var accountLocked: Bool
    }

    /// Counts a failure on the account and the address; locks a key that reached its limit.
    func recordFailure(account: String, address: String?, logger: Logger) async throws -> Failure {
        let accountFailures = try await count(account, limit: policy.accountLimit, logger: logger)
        if let address { _ = try await count(address, limit: policy.addressLimit, logger: logger) }
        return Failure(accountFailures: accountFailures, accountLocked: accountFailures >= policy.accountLimit)
    }

    func reset(_ key: String, logger: Logger) async throws {
        try await client.query("DELETE FROM login_throttle WHERE key = \(key)", logger: logger)
    }

    private func count(_ key: String, limit: Int, logger: Logger) async throws -> Int {
        let rows = try await client.query(
            """
            INSERT INTO login_throttle (key, failures, window_start) VALUES (\(key), 1, now())
            ON CONFLICT (key) DO UPDATE SET
                failures = CASE WHEN login_throttle.window_start < now() - make_interval(secs => \(policy.window))
                                THEN 1 ELSE login_throttle.failures + 1 END,
                window_start = CASE WHEN login_throttle.window_start < now() - make_interval(secs => \(policy.window))
                                    THEN now() ELSE login_throttle.window_start END
            RETURNING failures
            """, logger: logger)
        let failures = try await rows.decode(Int.self).firstElement() ?? 1
        if failures >= limit {
            try await client.query(
                """
                UPDATE login_throttle SET locked_until = now() + make_interval(secs => \(policy.lockDuration)),
                    failures = 0, window_start = now()
                WHERE key = \(key)
                """, logger: logger)
        }
        return failures
    }
}
