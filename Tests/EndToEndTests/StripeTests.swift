import Foundation
import TestSupport
import Testing

/// Stripe checkouts and webhooks end to end: payments calls the local fake Stripe (started here
/// on the port payments was configured with); webhooks are signed with payments' webhook secret.
@Suite("Stripe", .serialized, .enabled(if: TestEnvironment.isAvailable))
struct StripeTests {
    let fixtures = Fixtures()

    func heldBooking() async throws -> (user: APIClient, booking: String) {
        try await FakeStripe.shared.start(port: TestEnvironment.stripePort)
        let admin = try await fixtures.admin()
        let film = try await fixtures.newFilm(admin)
        let (auditorium, seats) = try await fixtures.newAuditorium(admin)
        let screening = try await fixtures.newScreening(admin, film: film, auditorium: auditorium)
        let (user, _) = try await fixtures.newUser()
        let held = try await user.post("/api/scheduling/screenings/\(screening)/holds", ["seatIds": [seats[9]]])
        return (user, try #require(held.json["id"] as? String))
    }

    func checkout(_ user: APIClient, _ booking: String, _ method: String) async throws -> APIClient.Reply {
        try await eventually("payments to know the booking") {
            let reply = try await user.post(
                "/api/payments/checkouts", ["bookingId": booking, "paymentMethod": method, "provider": "stripe"],
                headers: ["Idempotency-Key": UUID().uuidString])
            return reply.json["code"] as? String == "booking-not-ready" ? nil : reply
        }
    }

    func deliver(_ event: (body: Data, signature: String)) async throws -> APIClient.Reply {
        try await APIClient().send(
            .POST, "/api/payments/webhooks/stripe", body: event.body,
            headers: ["Stripe-Signature": event.signature, "Content-Type": "application/json"])
    }

    @Test("a Stripe card payment succeeds and confirms the booking; a declined card fails with its reason")
    func cardPayments() async throws {
        let (user, booking) = try await heldBooking()
        let declined = try await checkout(user, booking, "pm_card_chargeDeclinedInsufficientFunds")
        #expect(declined.json["status"] as? String == "failed")
        #expect(declined.json["failureReason"] as? String == "insufficient_funds")
        let paid = try await checkout(user, booking, "pm_card_visa")
        #expect(paid.status == 201)
        #expect(paid.json["status"] as? String == "succeeded")
        let payment = try #require(paid.json["paymentId"] as? String)
        #expect(await FakeStripe.shared.intent(forPayment: payment)?.amount == 1150)
        _ = try await fixtures.waitForBooking(user, booking, status: "confirmed")
    }

    @Test("3-D Secure completed through a webhook: signature, staleness, replay and order are all handled")
    func webhooks() async throws {
        let (user, booking) = try await heldBooking()
        let secret = TestEnvironment.stripeWebhookSecret
        let challenged = try await checkout(user, booking, "pm_card_threeDSecure2Required")
        #expect(challenged.json["status"] as? String == "requires_action")
        #expect((challenged.json["nextAction"] as? [String: Any])?["url"] as? String != nil)
        let payment = try #require(challenged.json["paymentId"] as? String)
        let intent = try #require(await FakeStripe.shared.intent(forPayment: payment)).id
        await FakeStripe.shared.authenticate(intent)
        let fake = FakeStripe.shared

        var tampered = await fake.event("payment_intent.succeeded", intent: intent, secret: secret)
        tampered.body = Data(
            String(decoding: tampered.body, as: UTF8.self).replacingOccurrences(of: "1150", with: "1").utf8)
        #expect(try await deliver(tampered).status == 400)
        let stale = await fake.event(
            "payment_intent.succeeded", intent: intent, secret: secret, at: .now.addingTimeInterval(-600))
        #expect(try await deliver(stale).status == 400)
        let forged = await fake.event("payment_intent.succeeded", intent: intent, secret: "whsec_attacker")
        #expect(try await deliver(forged).status == 400)
        #expect(try await user.get("/api/payments/payments/\(payment)").json["status"] as? String == "requires_action")

        let genuine = await fake.event("payment_intent.succeeded", intent: intent, secret: secret)
        let applied = try await deliver(genuine)
        #expect(applied.status == 200)
        #expect(applied.json["result"] as? String == "applied")
        let replayed = try await deliver(genuine)
        #expect(replayed.status == 200)
        #expect(replayed.json["result"] as? String == "duplicate")
        // A failure event delivered late (out of order) does not undo the success.
        let late = await fake.event("payment_intent.payment_failed", intent: intent, secret: secret)
        #expect(try await deliver(late).json["result"] as? String == "unchanged")
        #expect(try await user.get("/api/payments/payments/\(payment)").json["status"] as? String == "succeeded")
        _ = try await fixtures.waitForBooking(user, booking, status: "confirmed")
        // The client's own return after 3-D Secure now finds nothing left to do.
        #expect(try await user.send(.POST, "/api/payments/payments/\(payment)/confirm", body: nil).status == 409)

        let unknown = await fake.event("payment_intent.succeeded", intent: "pi_unknown", secret: secret)
        let early = try await deliver(unknown)
        #expect(early.status == 409)
        #expect(early.json["code"] as? String == "payment-not-known-yet")
    }
}
