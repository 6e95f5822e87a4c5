import Foundation
import TestSupport
import Testing

/// PayPal end to end: order, buyer approval, capture as proof of payment, verified webhooks,
/// refund to the capture; payments talks to the local fake PayPal started here.
@Suite("PayPal", .serialized, .enabled(if: TestEnvironment.isAvailable))
struct PayPalTests {
    let fixtures = Fixtures()

    @Test("an order is approved by the buyer, captured on return, confirmed; webhooks are verified and deduplicated")
    func orderApproveCapture() async throws {
        let paypal = FakePayPal.shared
        try await paypal.start(port: TestEnvironment.paypalPort)
        let admin = try await fixtures.admin()
        let film = try await fixtures.newFilm(admin)
        let (auditorium, seats) = try await fixtures.newAuditorium(admin)
        let screening = try await fixtures.newScreening(admin, film: film, auditorium: auditorium)
        let (user, _) = try await fixtures.newUser()
        let held = try await user.post("/api/scheduling/screenings/\(screening)/holds", ["seatIds": [seats[8]]])
        let booking = try #require(held.json["id"] as? String)
        let created = try await eventually("payments to know the booking") {
            let reply = try await user.post(
                "/api/payments/checkouts", ["bookingId": booking, "paymentMethod": "paypal", "provider": "paypal"],
                headers: ["Idempotency-Key": UUID().uuidString])
            return reply.json["code"] as? String == "booking-not-ready" ? nil : reply
        }
        #expect(created.json["status"] as? String == "requires_action")
        let approveURL = (created.json["nextAction"] as? [String: Any])?["url"] as? String
        #expect(approveURL?.contains("checkoutnow?token=") == true)
        let payment = try #require(created.json["paymentId"] as? String)
        let order = try #require(await paypal.order(forPayment: payment))
        #expect(order.value == "11.50" && order.currency == "EUR")

        let early = try await user.send(.POST, "/api/payments/payments/\(payment)/confirm", body: nil)
        #expect(early.status == 409)
        #expect(early.json["code"] as? String == "approval-pending")
        #expect((early.json["detail"] as? String)?.contains("3-D Secure") == false, "PayPal's step in its own words")
        await paypal.approve(order.id)
        let confirmed = try await user.send(.POST, "/api/payments/payments/\(payment)/confirm", body: nil)
        #expect(confirmed.json["status"] as? String == "succeeded")
        _ = try await fixtures.waitForBooking(user, booking, status: "confirmed")

        let webhookID = TestEnvironment.paypalWebhookID
        let forged = await paypal.event(
            "PAYMENT.CAPTURE.COMPLETED", order: order.id, webhookID: webhookID, forged: true)
        #expect(
            try await APIClient().send(
                .POST, "/api/payments/webhooks/paypal", body: forged.body, headers: forged.headers
            )
            .status == 400)
        let genuine = await paypal.event("PAYMENT.CAPTURE.COMPLETED", order: order.id, webhookID: webhookID)
        let first = try await APIClient().send(
            .POST, "/api/payments/webhooks/paypal", body: genuine.body, headers: genuine.headers)
        #expect(first.status == 200)
        #expect(first.json["result"] as? String == "unchanged")  // the capture already confirmed it
        let again = try await APIClient().send(
            .POST, "/api/payments/webhooks/paypal", body: genuine.body, headers: genuine.headers)
        #expect(again.json["result"] as? String == "duplicate")

        let refund = try await admin.post(
            "/api/payments/payments/\(payment)/refunds", ["amount": 450, "reason": "paypal refund", "goodwill": true],
            headers: ["Idempotency-Key": UUID().uuidString])
        #expect(refund.status == 201)
        #expect(await paypal.order(forPayment: payment)?.refunds.count == 1)
    }
}
