import Foundation
import Logging
import PostgresNIO
import TestSupport
import Testing

@testable import Notifications

/// How long an idle delivery loop sleeps: until its channel's next pending delivery is due, and
/// nil (the idle wait) when none is pending — never zero then, or the loop spins.
@Suite("delivery loop's sleep", .enabled(if: TestEnvironment.isAvailable))
struct DeliveryWakeTests {
    @Test("until the next pending delivery of the channel: nil when none, zero when one is overdue")
    func untilNextDue() async throws {
        let db = try await TestDatabase.connect(as: "notifications")
        let logger = Logger(label: "test")
        do {
            try await db.query("BEGIN", logger: logger)
            // This transaction's view of the channel: no pending SMS (rolled back at the end).
            try await db.query("DELETE FROM deliveries WHERE channel = 'sms' AND status = 'pending'", logger: logger)
            #expect(try await DeliveryWorker.untilNextDue(.sms, db, logger) == nil)
            try await insert(dueIn: 40, db, logger)
            try await insert(dueIn: 30, db, logger)
            try await insert(dueIn: 30, channel: "email", status: "sent", db, logger)
            let wait = try #require(try await DeliveryWorker.untilNextDue(.sms, db, logger))
            #expect(wait > .seconds(25) && wait <= .seconds(30), "\(wait)")
            try await insert(dueIn: -5, db, logger)
            #expect(try await DeliveryWorker.untilNextDue(.sms, db, logger) == .zero)
            try await db.query("ROLLBACK", logger: logger)
        } catch {
            try? await db.close()
            throw error
        }
        try await db.close()
    }

    func insert(
        dueIn seconds: Int, channel: String = "sms", status: String = "pending", _ db: PostgresConnection,
        _ logger: Logger
    ) async throws {
        try await db.query(
            """
            INSERT INTO deliveries (id, event_id, event_type, channel, recipient, locale, data, next_attempt_at, status)
            VALUES (\(UUID()), \(UUID()), 'test.wake', \(channel), '+33100000001', 'en', '{}'::jsonb,
                    clock_timestamp() + make_interval(secs => \(Double(seconds))), \(status))
            """, logger: logger)
    }
}
