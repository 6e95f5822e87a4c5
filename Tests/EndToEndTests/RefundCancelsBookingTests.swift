import Foundation
import TestSupport
import Testing

/// A staff refund cancels what it covers (issue 16, item 2): the whole booking, or the tickets of
/// the seats it names; a goodwill refund cancels nothing; the ticket check refuses a cancelled
/// ticket; payments never refunds twice.
@Suite("Refunds cancel bookings", .enabled(if: TestEnvironment.isAvailable))
struct RefundCancelsBookingTests {
    let fixtures = Fixtures()

    func refund(_ staff: APIClient, _ payment: String, _ body: [String: Any]) async throws -> APIClient.Reply {
        try await staff.post(
            "/api/payments/payments/\(payment)/refunds", body, headers: ["Idempotency-Key": UUID().uuidString])
    }

    func seatState(_ screening: String, _ seat: String) async throws -> String? {
        let map = try await APIClient().get("/api/scheduling/screenings/\(screening)/seats")
        return (map.json["items"] as? [[String: Any]])?.first { $0["id"] as? String == seat }?["state"] as? String
    }

    func tickets(_ user: APIClient, _ booking: String) async throws -> [[String: Any]] {
        try await user.get("/api/scheduling/bookings/\(booking)").json["tickets"] as? [[String: Any]] ?? []
    }

    @Test("a refund of one seat cancels its ticket and frees it; a full refund cancels the booking, once")
    func refundsCancelTickets() async throws {
        let tap = try await BrokerManagement().tap("payments.refund.succeeded")
        let admin = try await fixtures.admin()
        let film = try await fixtures.newFilm(admin)
        let (auditorium, seats) = try await fixtures.newAuditorium(admin)
        let screening = try await fixtures.newScreening(admin, film: film, auditorium: auditorium)
        let (user, _) = try await fixtures.newUser()
        let (first, second) = (seats[10], seats[11])
        let held = try await user.post("/api/scheduling/screenings/\(screening)/holds", ["seatIds": [first, second]])
        let booking = try #require(held.json["id"] as? String)
        let paid = try await fixtures.checkout(user, booking: booking)
        let payment = try #require(paid.json["paymentId"] as? String)
        let confirmed = try await fixtures.waitForBooking(user, booking, status: "confirmed")
        let codes = (confirmed["tickets"] as? [[String: Any]] ?? []).compactMap { $0["code"] as? String }
        #expect(codes.count == 2)

        // A partial refund must say what it covers.
        let vague = try await refund(admin, payment, ["amount": 500, "reason": "vague"])
        #expect(vague.status == 422)
        let stranger = try await refund(admin, payment, ["amount": 500, "reason": "x", "seatIds": [seats[0]]])
        #expect(stranger.status == 422)
        let goodwill = try await refund(admin, payment, ["amount": 100, "reason": "sorry", "goodwill": true])
        #expect(goodwill.status == 201)
        #expect(goodwill.json["covers"] as? String == "goodwill")

        let one = try await refund(admin, payment, ["amount": 1150, "reason": "seat", "seatIds": [first]])
        #expect(one.status == 201)
        #expect(one.json["covers"] as? String == "seats")
        _ = try await eventually("the refunded seat to be free") {
            try await seatState(screening, first) == "free" ? true : nil
        }
        #expect(try await seatState(screening, second) == "sold")
        let afterOne = try await tickets(user, booking)
        #expect(afterOne.filter { $0["status"] as? String == "cancelled" }.count == 1)
        #expect(try await user.get("/api/scheduling/bookings/\(booking)").json["status"] as? String == "confirmed")
        let cancelledCode = try #require(
            afterOne.first { $0["status"] as? String == "cancelled" }?["code"] as? String)
        let validCode = try #require(afterOne.first { $0["status"] as? String == "valid" }?["code"] as? String)
        let refused = try await admin.post("/api/scheduling/tickets/check", ["code": cancelledCode])
        #expect(refused.status == 409)
        #expect(refused.json["code"] as? String == "ticket-cancelled")
        #expect(try await admin.post("/api/scheduling/tickets/check", ["code": validCode]).status == 200)
        #expect(try await user.post("/api/scheduling/tickets/check", ["code": validCode]).status == 403)

        let rest = try await refund(admin, payment, ["reason": "the rest"])
        #expect(rest.status == 201)
        #expect(rest.json["covers"] as? String == "booking")
        _ = try await fixtures.waitForBooking(user, booking, status: "cancelled")
        #expect(try await seatState(screening, second) == "free")
        #expect(try await tickets(user, booking).allSatisfy { $0["status"] as? String == "cancelled" })
        #expect(try await admin.post("/api/scheduling/tickets/check", ["code": validCode]).status == 409)

        // scheduling.booking.cancelled (reason refunded) must not make payments refund again.
        try await Task.sleep(for: .seconds(2))
        let refunds = try await BrokerManagement().payloads(tap).filter { $0["paymentId"] as? String == payment }
        #expect(refunds.count == 3)
        #expect(refunds.map { $0["amount"] as? Int ?? 0 }.reduce(0, +) == 2300)
        #expect(try await user.get("/api/payments/payments/\(payment)").json["status"] as? String == "refunded")
    }
}
