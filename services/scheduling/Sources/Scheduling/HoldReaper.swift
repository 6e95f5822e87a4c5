import Foundation
import Logging
import Messaging
import Metrics
import PostgresNIO
import ServiceKit
import ServiceLifecycle

/// Releases holds whose time ran out and publishes `scheduling.booking.expired`.
/// Rows are claimed with `SKIP LOCKED`, so several replicas can reap side by side.
struct HoldReaper: Service {
    let client: PostgresClient
    let interval: Duration
    let logger: Logger

    func run() async throws {
        while !Task.isShuttingDownGracefully, !Task.isCancelled {
            do {
                while !Task.isShuttingDownGracefully, try await reapBatch() > 0 {}
            } catch {
                logger.warning("hold reaper failed", metadata: ["error": "\(String(describing: error))"])
            }
            await GracefulPause.sleep(for: interval)
        }
    }

    func reapBatch() async throws -> Int {
        try await client.transaction(logger: logger) { connection in
            let rows = try await connection.query(
                """
                WITH due AS (
                    SELECT id FROM bookings WHERE status = 'held' AND expires_at < now()
                    ORDER BY expires_at LIMIT 100 FOR UPDATE SKIP LOCKED)
                UPDATE bookings b SET status = 'expired' FROM due WHERE b.id = due.id
                RETURNING b.id, b.screening_id
                """, logger: logger)
            var expired: [(UUID, UUID)] = []
            for try await row in rows.decode((UUID, UUID).self) { expired.append(row) }
            guard !expired.isEmpty else { return 0 }
            let ids = expired.map(\.0)
            try await connection.query(
                "UPDATE booking_seats SET live = false WHERE booking_id = ANY(\(ids))", logger: logger)
            for (booking, screening) in expired {
                try await Outbox.enqueue(
                    BookingExpired(bookingId: booking, screeningId: screening), on: connection, logger: logger)
            }
            for screening in Set(expired.map { $0.1 }) { try await SeatChanges.notify(screening, connection, logger) }
            logger.info("holds expired", metadata: ["count": "\(expired.count)"])
            HoldMetrics.count("expired", by: expired.count)
            return expired.count
        }
    }
}

/// `holds_total{outcome}`: holds created, confirmed (paid) and expired (their time ran out).
enum HoldMetrics {
    static func count(_ outcome: String, by amount: Int = 1) {
        Counter(label: "holds_total", dimensions: [("outcome", outcome)]).increment(by: amount)
    }
}
