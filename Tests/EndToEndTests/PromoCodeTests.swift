import Foundation
import TestSupport
import Testing

/// Promo codes at checkout: atomic redemption, release on failure, restrictions.
@Suite("Promo codes", .enabled(if: TestEnvironment.isAvailable))
struct PromoCodeTests {
    let fixtures = Fixtures()

    /// A screening of a new film and `count` buyers, each holding one seat: (film, [(buyer, booking)]).
    func buyers(_ count: Int) async throws -> (film: String, holds: [(APIClient, String)]) {
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
        return (film, holds)
    }

    func newCode(_ fields: [String: Any]) async throws -> String {
        let code = "PROMO-\(UUID().uuidString.prefix(8))"
        let reply = try await fixtures.admin().post("/api/payments/promo-codes", fields.merging(["code": code]) { $1 })
        #expect(reply.status == 201, "\(reply.text)")
        return code
    }

    func pay(_ user: APIClient, _ booking: String, code: String, card: String = "tok_visa") async throws
        -> APIClient.Reply
    {
        try await eventually("payments to know the booking") {
            let reply = try await user.post(
                "/api/payments/checkouts", ["bookingId": booking, "paymentMethod": card, "promoCode": code],
                headers: ["Idempotency-Key": UUID().uuidString])
            return reply.json["code"] as? String == "booking-not-ready" ? nil : reply
        }
    }

    @Test("two buyers race for the last redemption: exactly one gets the discount")
    func lastRedemptionRace() async throws {
        let (_, holds) = try await buyers(2)
        let code = try await newCode(["kind": "percent", "value": 20, "maxRedemptions": 1])
        for (user, booking) in holds {  // both bookings known to payments before the race
            _ = try await eventually("payments to know \(booking)") {
                let probe = try await user.post(
                    "/api/payments/checkouts",
                    ["bookingId": booking, "paymentMethod": "tok_visa", "promoCode": "NOPE"],
                    headers: ["Idempotency-Key": UUID().uuidString])
                return probe.json["code"] as? String == "unknown-promo-code" ? true : nil
            }
        }
        let replies = try await withThrowingTaskGroup(of: APIClient.Reply.self) { group in
            for (user, booking) in holds { group.addTask { try await pay(user, booking, code: code) } }
            return try await group.reduce(into: [APIClient.Reply]()) { $0.append($1) }
        }
        let winners = replies.filter { $0.status == 201 }
        #expect(winners.count == 1, "\(replies.map(\.status))")
        #expect(winners.first?.json["discount"] as? Int == 230)  // 20 % of 11.50 €
        #expect(winners.first?.json["amount"] as? Int == 920)
        #expect(replies.contains { $0.json["code"] as? String == "promo-code-exhausted" })
        let listed = try await fixtures.admin().get("/api/payments/promo-codes").json["items"] as? [[String: Any]]
        #expect(listed?.first { $0["code"] as? String == code }?["redeemed"] as? Int == 1)
    }

    @Test("a declined payment gives its redemption back; restrictions and unknown codes are refused")
    func releaseAndRestrictions() async throws {
        let (film, holds) = try await buyers(3)
        let code = try await newCode(["kind": "fixed", "value": 500, "currency": "EUR", "maxRedemptions": 1])
        let declined = try await pay(holds[0].0, holds[0].1, code: code, card: "tok_declined")
        #expect(declined.json["status"] as? String == "failed")
        let paid = try await pay(holds[1].0, holds[1].1, code: code)
        #expect(paid.json["status"] as? String == "succeeded")
        #expect(paid.json["amount"] as? Int == 650)

        let otherFilm = try await newCode(["kind": "percent", "value": 10, "filmIds": [UUID().uuidString]])
        let refused = try await pay(holds[2].0, holds[2].1, code: otherFilm)
        #expect(refused.status == 422)
        #expect(refused.json["code"] as? String == "promo-code-not-applicable")
        let forThisFilm = try await newCode(["kind": "percent", "value": 100, "filmIds": [film]])
        let free = try await pay(holds[2].0, holds[2].1, code: forThisFilm)
        #expect(free.json["status"] as? String == "succeeded")
        #expect(free.json["amount"] as? Int == 0)
        #expect(
            try await holds[0].0.post("/api/payments/promo-codes", ["code": "MINE", "kind": "percent", "value": 50])
                .status == 403)
    }
}
