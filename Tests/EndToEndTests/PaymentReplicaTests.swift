import AMQP
import Foundation
import Logging
import PostgresNIO
import TestSupport
import Testing

/// Scaling payments: two replicas consume the same queue; duplicated events still have one effect.
@Suite("Payment replicas", .serialized, .enabled(if: TestEnvironment.isAvailable))
struct PaymentReplicaTests {
    let fixtures = Fixtures()
    let amqp = AMQPConfig(host: "127.0.0.1", port: TestEnvironment.amqpPort, user: "guest", password: "guest")

    func paidBooking() async throws -> (user: APIClient, booking: String, payment: String) {
        try await fixtures.paidBooking(confirmed: false)
    }

    @Test("with two payments replicas, cancellations each published twice are refunded exactly once")
    func twoReplicas() async throws {
        try await TestEnvironment.script("services", "replicas", "payments", "2")
        do {
            var paid: [(APIClient, String, String)] = []
            for _ in 0..<4 { paid.append(try await paidBooking()) }
            let publisher = AMQPPublisher(config: amqp)
            var messages: [OutgoingMessage] = []
            for (_, booking, payment) in paid {
                let id = UUID()
                let body = Array(
                    """
                    {"id":"\(id.uuidString.lowercased())","type":"scheduling.booking.cancelled","version":1,
                     "occurredAt":"\(Date.now.formatted(.iso8601))","payload":{"bookingId":"\(booking)",
                     "screeningId":"\(UUID())","userId":"\(UUID())","reason":"screening-cancelled","paymentId":"\(payment)"}}
                    """.utf8)
                let message = OutgoingMessage(
                    exchange: "homestudio.events", routingKey: "scheduling.booking.cancelled", body: body,
                    messageID: id.uuidString, type: "scheduling.booking.cancelled")
                messages += [message, message]  // every event twice
            }
            try await publisher.publish(messages)
            await publisher.close()
            for (user, _, payment) in paid {
                _ = try await eventually("payment \(payment) refunded") {
                    try await user.get("/api/payments/payments/\(payment)").json["status"] as? String == "refunded"
                        ? true : nil
                }
            }
            try await Task.sleep(for: .seconds(2))  // time for a wrong second refund to show
            let connection = try await TestDatabase.connect(as: "payments")
            let ids = paid.compactMap { UUID(uuidString: $0.2) }
            let rows = try await connection.query(
                "SELECT count(*)::int, count(DISTINCT payment_id)::int FROM refunds WHERE payment_id = ANY(\(ids))",
                logger: Logger(label: "t"))
            var counts = (0, 0)
            for try await row in rows.decode((Int, Int).self) { counts = row }
            try await connection.close()
            #expect(counts.0 == 4, "refunds: \(counts.0) for 4 payments")
            #expect(counts.1 == 4)
            let log = try String(
                contentsOfFile: "\(TestEnvironment.root)/.run/test/logs/payments-2.log", encoding: .utf8)
            #expect(log.contains("consumer connected"), "the second replica never consumed")
        } catch {
            try? await TestEnvironment.script("services", "replicas", "payments", "1")
            throw error
        }
        try await TestEnvironment.script("services", "replicas", "payments", "1")
    }
}
