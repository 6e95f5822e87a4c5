import Foundation
import Logging
import PostgresNIO
import ServiceRuntime
import TestSupport
import Testing

@testable import Notifications

/// notifications' retention rules against its schema in the running test suite.
@Suite("notifications retention", .enabled(if: TestEnvironment.isAvailable))
struct NotificationsRetentionTests {
    @Test("old finished deliveries, sent digest items, long-read feed items and old refund logs go; the rest stays")
    func prunes() async throws {
        try await TestDatabase.withClient(as: "notifications") { client in
            let logger = Logger(label: "notifications-retention-test")
            let user = UUID()
            var deliveries: [String: UUID] = [:]
            for (name, status, days) in [
                ("sent long ago", "sent", 181), ("failed long ago", "failed", 200),
                ("pending long ago", "pending", 181),
                ("sent recently", "sent", 179),
            ] {
                let id = UUID()
                deliveries[name] = id
                try await client.query(
                    """
                    INSERT INTO deliveries (id, event_id, event_type, channel, recipient, status, user_id, created_at,
                        next_attempt_at)
                    VALUES (\(id), \(UUID()), 'test', 'email', 'someone@example.com', \(status), \(user),
                        now() - make_interval(days => \(days)::int), now() + interval '1 year')
                    """, logger: logger)
            }
            var feed: [String: UUID] = [:]
            for (name, readDaysAgo) in [("read long ago", 366), ("read recently", 364), ("unread", nil)]
                as [(String, Int?)]
            {
                let id = UUID()
                feed[name] = id
                try await client.query(
                    """
                    INSERT INTO feed_items (id, user_id, event_id, event_type, title, body, created_at, read_at)
                    VALUES (\(id), \(user), \(UUID()), 'test', 't', 'b', now() - interval '400 days',
                        now() - make_interval(days => \(readDaysAgo)::int))
                    """, logger: logger)
            }
            var digests: [String: UUID] = [:]
            for (name, sent, days) in [
                ("sent long ago", true, 181), ("waiting", false, 181), ("sent recently", true, 1),
            ] {
                let id = UUID()
                digests[name] = id
                try await client.query(
                    """
                    INSERT INTO digest_items (id, user_id, event_id, event_type, category, frequency, title, body,
                        due_at, digest_id, created_at)
                    VALUES (\(id), \(user), \(UUID()), 'test', 'marketing', 'weekly', 't', 'b', now() + interval '1 year',
                        \(sent ? UUID() : nil), now() - make_interval(days => \(days)::int))
                    """, logger: logger)
            }
            let refunds = [UUID(), UUID()]
            for (id, days) in zip(refunds, [31, 29]) {
                try await client.query(
                    "INSERT INTO refund_log (event_id, at) VALUES (\(id), now() - make_interval(days => \(days)::int))",
                    logger: logger)
            }

            let job = RetentionJob(
                rules: NotificationsRetention.rules, reader: ConfigReaderFactory.make([:]), client: client,
                logger: logger)
            _ = try await job.pruneToCompletion()

            func ids(_ sql: PostgresQuery) async throws -> Set<UUID> {
                Set(try await client.query(sql, logger: logger).decode(UUID.self).allElements())
            }
            #expect(
                try await ids("SELECT id FROM deliveries WHERE user_id = \(user)")
                    == [deliveries["pending long ago"]!, deliveries["sent recently"]!])
            #expect(
                try await ids("SELECT id FROM feed_items WHERE user_id = \(user)")
                    == [feed["read recently"]!, feed["unread"]!])
            #expect(
                try await ids("SELECT id FROM digest_items WHERE user_id = \(user)")
                    == [digests["waiting"]!, digests["sent recently"]!])
            #expect(try await ids("SELECT event_id FROM refund_log WHERE event_id = ANY(\(refunds))") == [refunds[1]])
        }
    }
}
