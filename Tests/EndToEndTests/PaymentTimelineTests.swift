import Foundation
import TestSupport
import Testing

/// `GET /payments/{id}/timeline`: what happened to a payment, in order, for staff.
@Suite("Payment timeline", .enabled(if: TestEnvironment.isAvailable))
struct PaymentTimelineTests {
    let fixtures = Fixtures()

    func kinds(_ reply: APIClient.Reply) -> [String] {
        ((reply.json["items"] as? [[String: Any]]) ?? []).compactMap { $0["kind"] as? String }
    }

    @Test("a paid then partly refunded payment: attempt, paid, invoice, refund, credit note — in order")
    func paidAndRefunded() async throws {
        let (user, _, payment) = try await fixtures.paidBooking()
        let admin = try await fixtures.admin()
        let refund = try await admin.post(
            "/api/payments/payments/\(payment)/refunds", ["amount": 300, "reason": "late start", "goodwill": true],
            headers: ["Idempotency-Key": UUID().uuidString])
        #expect(refund.status == 201)
        let timeline = try await eventually("the credit note in the timeline") {
            let reply = try await admin.get("/api/payments/payments/\(payment)/timeline")
            return reply.status == 200 && kinds(reply).filter({ $0 == "invoice" }).count == 2 ? reply : nil
        }
        let steps = kinds(timeline)
        #expect(Array(steps.prefix(2)) == ["attempt", "succeeded"])
        let refundAt = try #require(steps.firstIndex(of: "refund"))
        #expect(steps.firstIndex(of: "invoice")! < refundAt)
        let items = try #require(timeline.json["items"] as? [[String: Any]])
        let refundStep = items[refundAt]
        #expect((refundStep["details"] as? [String: Any])?["amount"] as? String == "300")
        #expect((refundStep["summary"] as? String)?.contains("late start") == true)
        let times = items.compactMap { $0["at"] as? String }
        #expect(times == times.sorted(), "oldest first")
        // A customer cannot read it (staff only), and an unknown payment is 404.
        #expect(try await user.get("/api/payments/payments/\(payment)/timeline").status == 403)
        #expect(try await admin.get("/api/payments/payments/\(UUID().uuidString)/timeline").status == 404)
    }

    @Test("a 3-D Secure payment shows the authentication step, then the payment after it")
    func threeDSecure() async throws {
        let admin = try await fixtures.admin()
        let film = try await fixtures.newFilm(admin)
        let (auditorium, seats) = try await fixtures.newAuditorium(admin)
        let screening = try await fixtures.newScreening(admin, film: film, auditorium: auditorium)
        let (user, _) = try await fixtures.newUser()
        let hold = try await user.post("/api/scheduling/screenings/\(screening)/holds", ["seatIds": [seats[2]]])
        let booking = try #require(hold.json["id"] as? String)
        let payment = try await fixtures.checkout(user, booking: booking, method: "tok_3ds")
        let paymentID = try #require(payment.json["paymentId"] as? String)
        let pending = try await admin.get("/api/payments/payments/\(paymentID)/timeline")
        #expect(kinds(pending) == ["attempt", "3ds"])
        #expect(try await user.send(.POST, "/api/payments/payments/\(paymentID)/confirm", body: nil).status == 200)
        let done = try await admin.get("/api/payments/payments/\(paymentID)/timeline")
        #expect(Array(kinds(done).prefix(3)) == ["attempt", "3ds", "succeeded"])
        let items = try #require(done.json["items"] as? [[String: Any]])
        #expect((items[2]["summary"] as? String)?.contains("after authentication") == true)
    }
}
