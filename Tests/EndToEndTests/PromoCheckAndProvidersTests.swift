import Foundation
import TestSupport
import Testing

/// What checkout shows before paying (issue 17, API gaps 6 and 12): a promo code's discount on the
/// held booking without reserving it, and the providers of this installation.
@Suite("Promo check and providers", .enabled(if: TestEnvironment.isAvailable))
struct PromoCheckAndProvidersTests {
    let fixtures = Fixtures()

    func hold(_ count: Int) async throws -> [(APIClient, String)] {
        let admin = try await fixtures.admin()
        let film = try await fixtures.newFilm(admin)
        let (auditorium, seats) = try await fixtures.newAuditorium(admin)
        let screening = try await fixtures.newScreening(admin, film: film, auditorium: auditorium)
        var holds: [(APIClient, String)] = []
        for index in 0..<count {
            let (user, _) = try await fixtures.newUser()
            let held = try await user.post(
                "/api/scheduling/screenings/\(screening)/holds", ["seatIds": [seats[8 + index]]])
            holds.append((user, try #require(held.json["id"] as? String)))
        }
        return holds
    }

    func check(_ user: APIClient, _ code: String, _ booking: String) async throws -> APIClient.Reply {
        try await eventually("payments to know \(booking)") {
            let reply = try await user.post("/api/payments/promo-codes/check", ["code": code, "bookingId": booking])
            return reply.json["code"] as? String == "booking-not-ready" && reply.status == 409 ? nil : reply
        }
    }

    @Test("a promo check answers the discount or the refusal, and reserves nothing")
    func promoCheck() async throws {
        let holds = try await hold(2)
        let (first, firstBooking) = holds[0]
        let (second, secondBooking) = holds[1]
        let code = "CHECK-\(UUID().uuidString.prefix(8))"
        let created = try await fixtures.admin().post(
            "/api/payments/promo-codes", ["code": code, "kind": "percent", "value": 20, "maxRedemptions": 1])
        #expect(created.status == 201, "\(created.text)")

        let answer = try await check(first, code.lowercased(), firstBooking)
        #expect(answer.status == 200, "\(answer.text)")
        #expect(answer.json["code"] as? String == code)
        #expect(answer.json["amount"] as? Int == 1150)
        #expect(answer.json["discount"] as? Int == 230)
        #expect(answer.json["total"] as? Int == 920)
        #expect(answer.json["currency"] as? String == "EUR")
        // Not reserved: the other buyer's check of the one redemption succeeds too.
        #expect(try await check(second, code, secondBooking).status == 200)
        let codes = try await fixtures.admin().get("/api/payments/promo-codes").json["items"] as? [[String: Any]]
        #expect((codes ?? []).first { $0["code"] as? String == code }?["redeemed"] as? Int == 0)

        let unknown = try await check(first, "NO-SUCH-CODE", firstBooking)
        #expect(unknown.status == 422)
        #expect(unknown.json["code"] as? String == "unknown-promo-code")
        #expect(
            try await second.post("/api/payments/promo-codes/check", ["code": code, "bookingId": firstBooking])
                .status == 404)
        #expect(
            try await APIClient().post("/api/payments/promo-codes/check", ["code": code, "bookingId": firstBooking])
                .status == 401)

        // Once the first buyer redeems it at checkout, the check refuses as the checkout would.
        let paid = try await first.post(
            "/api/payments/checkouts", ["bookingId": firstBooking, "paymentMethod": "tok_visa", "promoCode": code],
            headers: ["Idempotency-Key": UUID().uuidString])
        #expect(paid.json["discount"] as? Int == 230, "\(paid.text)")
        let exhausted = try await check(second, code, secondBooking)
        #expect(exhausted.status == 409)
        #expect(exhausted.json["code"] as? String == "promo-code-exhausted")
    }

    @Test("the providers of this installation are public")
    func providers() async throws {
        let reply = try await APIClient().get("/api/payments/providers")
        #expect(reply.status == 200, "\(reply.text)")
        let names = (reply.json["items"] as? [[String: Any]] ?? []).compactMap { $0["name"] as? String }
        #expect(names.contains("simulated"))
        #expect(Set(names).isSubset(of: ["simulated", "stripe", "paypal"]))
        #expect(names == names.sorted())
    }
}
