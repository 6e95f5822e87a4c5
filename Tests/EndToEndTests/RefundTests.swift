import Foundation
import TestSupport
import Testing

/// Refunds: staff refunds in full or in part, and customers cancelling before the cutoff.
@Suite("Refunds", .enabled(if: TestEnvironment.isAvailable))
struct RefundTests {
    let fixtures = Fixtures()

    func paidBooking(startsIn hours: Double = 48) async throws -> (user: APIClient, booking: String, payment: String) {
        try await fixtures.paidBooking(startsIn: hours)
    }

    func refund(_ staff: APIClient, _ payment: String, _ body: [String: Any], key: String) async throws
        -> APIClient.Reply
    {
        try await staff.post("/api/payments/payments/\(payment)/refunds", body, headers: ["Idempotency-Key": key])
    }

    @Test("staff refund part, then the rest; a retry replays, never refunds twice; clients cannot refund")
    func staffRefunds() async throws {
        let (user, _, payment) = try await paidBooking()
        let admin = try await fixtures.admin()
        #expect(try await refund(user, payment, ["amount": 100, "reason": "mine"], key: "u1").status == 403)
        let key = UUID().uuidString
        let first = try await refund(admin, payment, ["amount": 300, "reason": "goodwill", "goodwill": true], key: key)
        #expect(first.status == 201)
        #expect(first.json["paymentStatus"] as? String == "partially_refunded")
        let retry = try await refund(admin, payment, ["amount": 300, "reason": "goodwill", "goodwill": true], key: key)
        #expect(retry.body == first.body)
        #expect(try await refund(admin, payment, ["amount": 400, "reason": "goodwill"], key: key).status == 422)
        let tooMuch = try await refund(admin, payment, ["amount": 900, "reason": "more"], key: UUID().uuidString)
        #expect(tooMuch.status == 422)
        let rest = try await refund(admin, payment, ["reason": "the rest"], key: UUID().uuidString)
        #expect(rest.json["amount"] as? Int == 850)
        #expect(rest.json["paymentStatus"] as? String == "refunded")
        #expect(try await refund(admin, payment, ["reason": "again"], key: UUID().uuidString).status == 409)
        #expect(try await user.get("/api/payments/payments/\(payment)").json["status"] as? String == "refunded")
    }

    @Test("a customer cancels before the cutoff and is refunded less the 10 % fee; too late is refused")
    func customerCancellation() async throws {
        let tap = try await BrokerManagement().tap("payments.refund.succeeded")
        let (user, booking, payment) = try await paidBooking()
        #expect(try await user.send(.POST, "/api/scheduling/bookings/\(booking)/cancel", body: nil).status == 202)
        _ = try await fixtures.waitForBooking(user, booking, status: "cancelled")
        let refunded = try await eventually("the refund event") {
            try await BrokerManagement().payloads(tap).first { $0["paymentId"] as? String == payment }
        }
        #expect(refunded["amount"] as? Int == 1035)  // 11.50 € less 1.15 €
        #expect(refunded["reason"] as? String == "customer-cancelled")
        #expect(try await user.send(.POST, "/api/scheduling/bookings/\(booking)/cancel", body: nil).status == 409)

        let (late, lateBooking, _) = try await paidBooking(startsIn: 1)
        let refused = try await late.send(.POST, "/api/scheduling/bookings/\(lateBooking)/cancel", body: nil)
        #expect(refused.status == 409)
        #expect(refused.json["code"] as? String == "cancellation-closed")
    }
}
