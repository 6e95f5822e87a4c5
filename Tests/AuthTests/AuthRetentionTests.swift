import Foundation
import Logging
import NIOCore
import PostgresNIO
import ServiceRuntime
import TestSupport
import Testing

@testable import Auth

/// auth's retention rules against its schema in the running test suite (rows written with old
/// timestamps; the service's own job may run alongside).
@Suite("auth retention", .enabled(if: TestEnvironment.isAvailable))
struct AuthRetentionTests {
    @Test("ended sessions and their tokens, spent one-time tokens and finished throttle rows go; the rest stays")
    func prunes() async throws {
        try await TestDatabase.withClient(as: "auth") { client in
            let logger = Logger(label: "auth-retention-test")
            let user = UUID()
            try await client.query(
                """
                INSERT INTO users (id, email, password_hash, display_name, role)
                VALUES (\(user), \("retention-\(user)@example.com"), 'x', 'Retention', 'client')
                """, logger: logger)
            // Sessions: (ended how long ago, how) → kept?
            func session(revokedDaysAgo: Int?, absoluteDaysFromNow: Int) async throws -> UUID {
                let id = UUID()
                try await client.query(
                    """
                    INSERT INTO sessions (id, user_id, idle_expires_at, absolute_expires_at, revoked_at)
                    VALUES (\(id), \(user), now() + make_interval(days => \(absoluteDaysFromNow)::int),
                            now() + make_interval(days => \(absoluteDaysFromNow)::int),
                            now() - make_interval(days => \(revokedDaysAgo)::int))
                    """, logger: logger)
                for _ in 0..<3 {
                    try await client.query(
                        """
                        INSERT INTO refresh_tokens (token_hash, session_id, rotated_at)
                        VALUES (\(ByteBuffer(bytes: (0..<32).map { _ in UInt8.random(in: 0...255) })), \(id), now())
                        """, logger: logger)
                }
                return id
            }
            let revokedLongAgo = try await session(revokedDaysAgo: 40, absoluteDaysFromNow: 10)
            let expiredLongAgo = try await session(revokedDaysAgo: nil, absoluteDaysFromNow: -31)
            let revokedRecently = try await session(revokedDaysAgo: 5, absoluteDaysFromNow: 10)
            let expiredRecently = try await session(revokedDaysAgo: nil, absoluteDaysFromNow: -29)
            let active = try await session(revokedDaysAgo: nil, absoluteDaysFromNow: 20)

            // One-time tokens: used or expired more than 7 days ago go.
            var tokens: [String: ByteBuffer] = [:]
            for (name, used, expires) in [
                ("used long ago", -10, 1), ("expired long ago", nil, -8), ("expired recently", nil, -6),
                ("used recently", -1, 1), ("open", nil, 1),
            ] as [(String, Int?, Int)] {
                for table in ["password_reset_tokens", "email_verification_tokens"] {
                    let hash = ByteBuffer(bytes: (0..<32).map { _ in UInt8.random(in: 0...255) })
                    tokens["\(table) \(name)"] = hash
                    try await client.query(
                        """
                        INSERT INTO \(unescaped: table) (token_hash, user_id, expires_at, used_at)
                        VALUES (\(hash), \(user), now() + make_interval(days => \(expires)::int),
                                now() + make_interval(days => \(used)::int))
                        """, logger: logger)
                }
            }

            // Throttle rows: window and lock over for more than a day go.
            let key = "test-retention:\(user):"
            for (name, windowDaysAgo, lockedDaysFromNow) in [
                ("quiet", 3, nil), ("lock over", 3, -2), ("still locked", 3, 1), ("lock just over", 3, 0),
                ("recent", 0, nil),
            ] as [(String, Int, Int?)] {
                try await client.query(
                    """
                    INSERT INTO login_throttle (key, account, failures, window_start, locked_until)
                    VALUES (\(key + name), 'retention', 1, now() - make_interval(days => \(windowDaysAgo)::int),
                            now() + make_interval(days => \(lockedDaysFromNow)::int))
                    """, logger: logger)
            }

            let job = RetentionJob(
                rules: AuthRetention.rules(throttleWindow: 900), reader: ConfigReaderFactory.make([:]), client: client,
                logger: logger)
            _ = try await job.pruneToCompletion()

            let sessions = try await client.query(
                "SELECT id FROM sessions WHERE user_id = \(user)", logger: logger)
            #expect(
                Set(try await sessions.decode(UUID.self).allElements())
                    == [revokedRecently, expiredRecently, active])
            let all = [revokedLongAgo, expiredLongAgo, revokedRecently, expiredRecently, active]
            let withTokens = try await client.query(
                "SELECT DISTINCT session_id FROM refresh_tokens WHERE session_id = ANY(\(all))", logger: logger)
            #expect(
                Set(try await withTokens.decode(UUID.self).allElements())
                    == [revokedRecently, expiredRecently, active])

            for table in ["password_reset_tokens", "email_verification_tokens"] {
                let rows = try await client.query(
                    "SELECT token_hash FROM \(unescaped: table) WHERE user_id = \(user)", logger: logger)
                let left = Set(try await rows.decode(ByteBuffer.self).allElements())
                let kept = ["expired recently", "used recently", "open"].compactMap { tokens["\(table) \($0)"] }
                #expect(left == Set(kept), "\(table)")
            }

            let throttle = try await client.query(
                "SELECT key FROM login_throttle WHERE key LIKE \(key + "%")", logger: logger)
            #expect(
                Set(try await throttle.decode(String.self).allElements())
                    == Set(["still locked", "lock just over", "recent"].map { key + $0 }))
        }
    }
}
