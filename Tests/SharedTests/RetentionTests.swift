import Foundation
import Logging
import Messaging
import Persistence
import PostgresNIO
import ServiceRuntime
import TestSupport
import Testing

/// The retention job against the test database (the `sharedtests` schema, which has the
/// messaging tables every service has).
@Suite("Retention of old rows", .serialized, .enabled(if: TestEnvironment.isAvailable))
struct RetentionTests {
    /// Inbox rows `daysAgo` old (and as many failure rows), returning their ids.
    static func insert(_ client: PostgresClient, daysAgo: [Int]) async throws -> [UUID] {
        var ids: [UUID] = []
        for days in daysAgo {
            let id = UUID()
            try await client.query(
                """
                INSERT INTO inbox (event_id, type, processed_at)
                VALUES (\(id), 'tests.retention', now() - make_interval(days => \(days)::int))
                """, logger: Infra.logger)
            try await client.query(
                """
                INSERT INTO inbox_failures (event_id, attempts, last_error, updated_at)
                VALUES (\(id), 1, 'boom', now() - make_interval(days => \(days)::int))
                """, logger: Infra.logger)
            ids.append(id)
        }
        return ids
    }

    static func remaining(_ client: PostgresClient, _ ids: [UUID], in table: String) async throws -> Set<UUID> {
        let rows = try await client.query(
            "SELECT event_id FROM \(unescaped: table) WHERE event_id = ANY(\(ids))", logger: Infra.logger)
        return Set(try await rows.decode(UUID.self).allElements())
    }

    static func migrate(_ client: PostgresClient) async throws {
        try await Migrator(client: client, service: "sharedtests", logger: Infra.logger).migrate([
            Outbox.migration, ParkedMessages.migration, RetentionRule.messagingMigration,
        ])
    }

    @Test("old inbox rows go in bounded batches, recent ones stay; the inbox keeps at least 8 days")
    func prunesOldRows() async throws {
        try await Infra.withDatabase { client in
            try await Self.migrate(client)
            let old = try await Self.insert(client, daysAgo: Array(repeating: 40, count: 7))
            let recent = try await Self.insert(client, daysAgo: [29, 10, 5, 0])
            let job = RetentionJob(
                rules: RetentionRule.messaging, reader: ConfigReaderFactory.make(["retention.batch.size": "3"]),
                client: client, logger: Infra.logger)
            let deleted = try await job.pruneToCompletion()
            #expect(deleted["inbox", default: 0] >= 7)
            #expect(deleted["inbox_failures", default: 0] >= 7)
            for table in ["inbox", "inbox_failures"] {
                #expect(try await Self.remaining(client, old, in: table).isEmpty, "\(table)")
                #expect(try await Self.remaining(client, recent, in: table) == Set(recent), "\(table)")
            }

            // 1 day configured: below the floor, so 8 days; 0 keeps the failures for ever.
            let short = RetentionJob(
                rules: RetentionRule.messaging,
                reader: ConfigReaderFactory.make(["retention.inbox.days": "1", "retention.inbox.failures.days": "0"]),
                client: client, logger: Infra.logger)
            _ = try await short.pruneToCompletion()
            #expect(try await Self.remaining(client, recent, in: "inbox") == Set(recent.suffix(2)))  // 5 and 0 days
            #expect(try await Self.remaining(client, recent, in: "inbox_failures") == Set(recent))
        }
    }

    @Test("two replicas pruning at the same time both succeed, and together delete every old row")
    func concurrentPasses() async throws {
        try await Infra.withDatabase { client in
            try await Self.migrate(client)
            let old = try await Self.insert(client, daysAgo: Array(repeating: 45, count: 40))
            let recent = try await Self.insert(client, daysAgo: [1, 2])
            let reader = ConfigReaderFactory.make(["retention.batch.size": "2"])
            let first = RetentionJob(
                rules: RetentionRule.messaging, reader: reader, client: client, logger: Infra.logger)
            let second = RetentionJob(
                rules: RetentionRule.messaging, reader: reader, client: client, logger: Infra.logger)
            async let a = first.prune()
            async let b = second.prune()
            let (passA, passB) = try await (a, b)
            // At most one leaves the round to the other; the one that does not finishes it.
            #expect(!(passA.yielded && passB.yielded))
            #expect(passA.deleted["inbox", default: 0] + passB.deleted["inbox", default: 0] >= 40)
            #expect(try await Self.remaining(client, old, in: "inbox").isEmpty)
            #expect(try await Self.remaining(client, old, in: "inbox_failures").isEmpty)
            #expect(try await Self.remaining(client, recent, in: "inbox") == Set(recent))
        }
    }
}
