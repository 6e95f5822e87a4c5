import Foundation
import TestSupport
import Testing

/// Fraud rules at checkout, through the gateway and the broker.
@Suite("Fraud rules", .enabled(if: TestEnvironment.isAvailable))
struct FraudTests {
    let fixtures = Fixtures()

    func hold(_ count: Int) async throws -> (user: APIClient, booking: String) {
        let admin = try await fixtures.admin()
        let film = try await fixtures.newFilm(admin)
        let (auditorium, seats) = try await fixtures.newAuditorium(admin)
        let screening = try await fixtures.newScreening(admin, film: film, auditorium: auditorium)
        let (user, _) = try await fixtures.newUser()
        let chosen = Array(seats[8..<16]) + Array(seats[0..<max(0, count - 8)])
        let held = try await user.post(
            "/api/scheduling/screenings/\(screening)/holds", ["seatIds": Array(chosen.prefix(count))])
        return (user, try #require(held.json["id"] as? String, "\(held.text)"))
    }

    @Test("three declines in a row block the next payment, raise payments.fraud.suspected and show to staff")
    func declinesBlock() async throws {
        let tap = try await BrokerManagement().tap("payments.fraud.suspected")
        let (user, booking) = try await hold(1)
        for _ in 0..<3 {
            let declined = try await fixtures.checkout(user, booking: booking, method: "tok_declined")
            #expect(declined.json["status"] as? String == "failed")
        }
        let blocked = try await fixtures.checkout(user, booking: booking, method: "tok_visa")
        #expect(blocked.status == 403)
        #expect(blocked.json["code"] as? String == "payment-blocked")
        let event = try await eventually("the fraud event") {
            try await BrokerManagement().payloads(tap).first { $0["bookingId"] as? String == booking }
        }
        #expect(event["rule"] as? String == "user-declines")
        #expect(event["action"] as? String == "blocked")
        let signals = try await fixtures.admin().get("/api/payments/fraud-signals").json["items"] as? [[String: Any]]
        #expect(
            signals?.contains { $0["bookingId"] as? String == booking && $0["rule"] as? String == "user-declines" }
                == true)
        #expect(try await user.get("/api/payments/fraud-signals").status == 403)
    }

    @Test("an unusual amount goes through 3-D Secure even with a card that would not ask for it")
    func unusualAmount() async throws {
        let (user, booking) = try await hold(9)  // 9 × 11.50 € > 100 €
        let payment = try await fixtures.checkout(user, booking: booking, method: "tok_visa")
        #expect(payment.status == 201)
        #expect(payment.json["status"] as? String == "requires_action")
        let id = try #require(payment.json["paymentId"] as? String)
        #expect(
            try await user.send(.POST, "/api/payments/payments/\(id)/confirm", body: nil).json["status"] as? String
                == "succeeded")
    }
}
