import Foundation
import Logging
import PostgresNIO
import TestSupport
import Testing

/// Holds that run out, and payments that arrive after their hold expired.
/// The hold's clock is moved forward in scheduling's own table (as scheduling_svc) instead of
/// waiting ten minutes; everything else goes through the gateway and the broker.
@Suite("Hold expiry", .enabled(if: TestEnvironment.isAvailable))
struct HoldExpiryTests {
    let fixtures = Fixtures()

    func expireNow(_ booking: String) async throws {
        let connection = try await TestDatabase.connect(as: "scheduling")
        let id = try #require(UUID(uuidString: booking))
        try await connection.query(
            "UPDATE bookings SET expires_at = now() - interval '1 second' WHERE id = \(id)", logger: Logger(label: "t"))
        try await connection.close()
    }

    func setUp() async throws -> (admin: APIClient, screening: String, seats: [String]) {
        let admin = try await fixtures.admin()
        let film = try await fixtures.newFilm(admin)
        let (auditorium, seats) = try await fixtures.newAuditorium(admin)
        return (admin, try await fixtures.newScreening(admin, film: film, auditorium: auditorium), seats)
    }

    @Test("an expired hold frees its seats and payments refuses to charge it")
    func expiredHold() async throws {
        let (_, screening, seats) = try await setUp()
        let user = try await fixtures.newUser().client
        let hold = try await user.post("/api/scheduling/screenings/\(screening)/holds", ["seatIds": [seats[0]]])
        let booking = try #require(hold.json["id"] as? String)
        try await expireNow(booking)
        _ = try await fixtures.waitForBooking(user, booking, status: "expired")
        let seatMap = try await APIClient().get("/api/scheduling/screenings/\(screening)/seats")
        let first = (seatMap.json["items"] as? [[String: Any]])?.first { $0["id"] as? String == seats[0] }
        #expect(first?["state"] as? String == "free")
        let payment = try await eventually("payments to learn the hold expired") {
            let reply = try await fixtures.checkout(user, booking: booking)
            return reply.status == 409 ? reply : nil
        }
        #expect(payment.json["code"] as? String == "hold-expired")
    }

    @Test("a payment completed after its hold expired re-holds free seats and confirms the booking")
    func latePaymentSeatsFree() async throws {
        let (_, screening, seats) = try await setUp()
        let user = try await fixtures.newUser().client
        let hold = try await user.post("/api/scheduling/screenings/\(screening)/holds", ["seatIds": [seats[1]]])
        let booking = try #require(hold.json["id"] as? String)
        let payment = try await fixtures.checkout(user, booking: booking, method: "tok_3ds")
        let paymentID = try #require(payment.json["paymentId"] as? String)
        try await expireNow(booking)
        _ = try await fixtures.waitForBooking(user, booking, status: "expired")
        #expect(try await user.send(.POST, "/api/payments/payments/\(paymentID)/confirm", body: nil).status == 200)
        let confirmed = try await fixtures.waitForBooking(user, booking, status: "confirmed")
        #expect((confirmed["tickets"] as? [Any])?.count == 1)
    }

    @Test("a payment completed after its seats were sold to someone else is cancelled and refunded")
    func latePaymentSeatsGone() async throws {
        let (_, screening, seats) = try await setUp()
        let late = try await fixtures.newUser().client
        let hold = try await late.post("/api/scheduling/screenings/\(screening)/holds", ["seatIds": [seats[2]]])
        let booking = try #require(hold.json["id"] as? String)
        let payment = try await fixtures.checkout(late, booking: booking, method: "tok_3ds")
        let paymentID = try #require(payment.json["paymentId"] as? String)
        try await expireNow(booking)
        _ = try await fixtures.waitForBooking(late, booking, status: "expired")
        let other = try await fixtures.newUser().client
        #expect(
            try await other.post("/api/scheduling/screenings/\(screening)/holds", ["seatIds": [seats[2]]]).status == 201
        )
        #expect(try await late.send(.POST, "/api/payments/payments/\(paymentID)/confirm", body: nil).status == 200)
        _ = try await fixtures.waitForBooking(late, booking, status: "cancelled")
        let refunded = try await eventually("the automatic refund") {
            let reply = try await late.get("/api/payments/payments/\(paymentID)")
            return reply.json["status"] as? String == "refunded" ? reply : nil
        }
        #expect(refunded.json["amount"] as? Int == 1150)
    }
}
