import Foundation
import Logging
import Persistence
import PostgresNIO

/// Brute-force protection for logins that an attacker cannot turn against the account's owner
/// (OWASP, "Slow Down Online Guessing Attacks with Device Cookies"; ASVS V6.3). Failures are
/// counted in a window under several keys, by the e-mail given, whether or not an account has
/// it (so that answers do not reveal which exist):
///
/// - `device:<nonce>`: a client with a valid device token for the account (it logged in to it
///   before). Only this counter applies to it; at `deviceLimit` the token is locked, and the
///   client is then treated as untrusted until the lock ends.
/// - `pair:<email>|<address>`: one untrusted client (address) against one account; locked at
///   `pairLimit`.
/// - `account:<email>`: every untrusted client against the account; locked at `accountLimit`.
///   A failure whose pair is already locked is refused before it is counted, so that one
///   address adds at most `pairLimit` failures per lock period and cannot lock the account alone.
/// - `address:<address>`: failures from one address across accounts. Never a lock (an office,
///   a cinema's NAT or a mobile carrier puts many people behind one address): past
///   `addressSlowdown` its failures are answered more and more slowly.
///
/// Each counted failure is answered after the longest of its keys' progressive delays. Rows carry
/// the account (lower-cased e-mail) they are about, so that an admin's unlock clears them all.
struct LoginThrottle: Sendable {
    struct Policy: Sendable {
        var pairLimit: Int
        var accountLimit: Int
        var deviceLimit: Int
        var addressSlowdown: Int
        var window: TimeInterval
        var lockDuration: TimeInterval
        var delayBase: Duration

        /// The pause before answering the n-th failure of a key: none for the first `free` ones,
        /// then the base, doubling with every failure up to 16 times the base.
        func delay(afterFailures failures: Int, free: Int = 2) -> Duration {
            failures <= free ? .zero : delayBase * (1 << min(failures - free - 1, 4))
        }
    }

    let client: PostgresClient
    let policy: Policy

    /// The name every key of an account is filed under: the e-mail given, lower-cased.
    static func login(_ email: String) -> String { email.lowercased() }
    static func accountKey(_ login: String) -> String { "account:" + login }
    static func pairKey(_ login: String, _ address: String?) -> String { "pair:\(login)|\(address ?? "unknown")" }
    static func deviceKey(_ device: DeviceCookie.Device) -> String { "device:" + device.nonce }
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

    /// What a failed login did to the counters.
    struct Failure: Sendable, Equatable {
        /// False when the failure was not counted because its key was locked meanwhile (a
        /// concurrent failure locked it after this request was let in): refuse it as locked.
        var counted: Bool
        /// This failure locked the account for every untrusted client (tell the owner).
        var lockedAccount: Bool
        /// How long to wait before answering.
        var delay: Duration
    }

    /// Counts a failure of a client with a valid device token: only its device counter.
    func recordDeviceFailure(_ device: DeviceCookie.Device, login: String, logger: Logger) async throws -> Failure {
        guard
            let failures = try await count(
                Self.deviceKey(device), account: login, limit: policy.deviceLimit, logger: logger)
        else { return Failure(counted: false, lockedAccount: false, delay: .zero) }
        return Failure(counted: true, lockedAccount: false, delay: policy.delay(afterFailures: failures.count))
    }

    /// Counts a failure of an untrusted client: its (account, address) pair, then, when the pair
    /// was not locked, the account, and the address (slow-down only).
    func recordFailure(login: String, address: String?, logger: Logger) async throws -> Failure {
        guard
            let pair = try await count(
                Self.pairKey(login, address), account: login, limit: policy.pairLimit, logger: logger)
        else { return Failure(counted: false, lockedAccount: false, delay: .zero) }
        let account = try await count(
            Self.accountKey(login), account: login, limit: policy.accountLimit, logger: logger)
        var delays = [policy.delay(afterFailures: pair.count), policy.delay(afterFailures: account?.count ?? 0)]
        if let key = Self.addressKey(address) {
            let failures = try await countOnly(key, logger: logger)
            delays.append(policy.delay(afterFailures: failures, free: policy.addressSlowdown))
        }
        return Failure(counted: true, lockedAccount: account?.locked == true, delay: delays.max() ?? .zero)
    }

    /// Forgets one key (a successful login of that client).
    func reset(_ key: String, logger: Logger) async throws {
        try await client.query("DELETE FROM login_throttle WHERE key = \(key)", logger: logger)
    }

    /// When the last current login lock of each account (by login) ends: account-wide, per address
    /// or per device; accounts without one are absent.
    func lockedUntil(logins: [String], logger: Logger) async throws -> [String: Date] {
        let rows = try await client.query(
            """
            SELECT account, max(locked_until) FROM login_throttle
            WHERE account = ANY(\(logins)) AND locked_until > now() GROUP BY account
            """, logger: logger)
        var locks: [String: Date] = [:]
        for try await (account, until) in rows.decode((String, Date).self) { locks[account] = until }
        return locks
    }

    /// Lifts every lock and counter of an account: account-wide, per address, per device.
    func unlock(login: String, logger: Logger) async throws {
        try await client.query("DELETE FROM login_throttle WHERE account = \(login)", logger: logger)
    }

    private struct Count {
        var count: Int
        var locked: Bool
    }

    /// Counts a failure under a key and locks it when it reaches the limit, in one statement (so
    /// that concurrent failures are counted exactly). Nil when the key is locked: nothing counted.
    private func count(_ key: String, account: String, limit: Int, logger: Logger) async throws -> Count? {
        // A row restarts at 1 when its window is over or its last lock has ended.
        let rows = try await client.query(
            """
            INSERT INTO login_throttle AS t (key, account, failures, window_start, locked_until)
            VALUES (\(key), \(account), 1, now(),
                    CASE WHEN 1 >= \(limit) THEN now() + make_interval(secs => \(policy.lockDuration)) END)
            ON CONFLICT (key) DO UPDATE SET
                failures = CASE WHEN t.locked_until IS NOT NULL
                                  OR t.window_start < now() - make_interval(secs => \(policy.window))
                                THEN 1 ELSE t.failures + 1 END,
                window_start = CASE WHEN t.locked_until IS NOT NULL
                                      OR t.window_start < now() - make_interval(secs => \(policy.window))
                                    THEN now() ELSE t.window_start END,
                locked_until = CASE WHEN (CASE WHEN t.locked_until IS NOT NULL
                                                 OR t.window_start < now() - make_interval(secs => \(policy.window))
                                               THEN 1 ELSE t.failures + 1 END) >= \(limit)
                                    THEN now() + make_interval(secs => \(policy.lockDuration)) END
            WHERE t.locked_until IS NULL OR t.locked_until <= now()
            RETURNING failures, locked_until IS NOT NULL
            """, logger: logger)
        guard let (failures, locked) = try await rows.decode((Int, Bool).self).firstElement() else { return nil }
        return Count(count: failures, locked: locked)
    }

    /// Counts a failure under a key that never locks; returns the failures in its window.
    private func countOnly(_ key: String, logger: Logger) async throws -> Int {
        let rows = try await client.query(
            """
            INSERT INTO login_throttle AS t (key, failures, window_start) VALUES (\(key), 1, now())
            ON CONFLICT (key) DO UPDATE SET
                failures = CASE WHEN t.window_start < now() - make_interval(secs => \(policy.window))
                                THEN 1 ELSE t.failures + 1 END,
                window_start = CASE WHEN t.window_start < now() - make_interval(secs => \(policy.window))
                                    THEN now() ELSE t.window_start END
            RETURNING failures
            """, logger: logger)
        return try await rows.decode(Int.self).firstElement() ?? 1
    }
}
