import Foundation
import Logging
import PostgresNIO
import ServiceRuntime
import TestSupport
import Testing

@testable import Payments

/// payments' retention rules against its schema in the running test suite.
@Suite("payments retention", .enabled(if: TestEnvironment.isAvailable))
struct PaymentsRetentionTests {
    @Test("idempotency keys older than 7 days and provider events older than 90 days go; newer ones stay")
    func prunes() async throws {
        try await TestDatabase.withClient(as: "payments") { client in
            let logger = Logger(label: "payments-retention-test")
            let user = UUID()
            for (key, days) in [("old", 8), ("recent", 6)] {
                try await client.query(
                    """
                    INSERT INTO idempotency_keys (user_id, key, request_hash, created_at)
                    VALUES (\(user), \(key), 'h', now() - make_interval(days => \(days)::int))
                    """, logger: logger)
            }
            let provider = "test-\(user)"
            for (id, days) in [("evt_old", 91), ("evt_recent", 89)] {
                try await client.query(
                    """
                    INSERT INTO provider_events (provider, event_id, type, received_at)
                    VALUES (\(provider), \(id), 'test', now() - make_interval(days => \(days)::int))
                    """, logger: logger)
            }
            let job = RetentionJob(
                rules: PaymentsRetention.rules, reader: ConfigReaderFactory.make([:]), client: client, logger: logger)
            _ = try await job.pruneToCompletion()
            let keys = try await client.query(
                "SELECT key FROM idempotency_keys WHERE user_id = \(user)", logger: logger)
            #expect(try await keys.decode(String.self).allElements() == ["recent"])
            let events = try await client.query(
                "SELECT event_id FROM provider_events WHERE provider = \(provider)", logger: logger)
            #expect(try await events.decode(String.self).allElements() == ["evt_recent"])
        }
    }
}
