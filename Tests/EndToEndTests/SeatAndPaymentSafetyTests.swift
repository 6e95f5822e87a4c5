import Foundation
import TestSupport
import Testing

/// No seat sold twice, no payment taken twice.
@Suite("Seat and payment safety", .enabled(if: TestEnvironment.isAvailable))
struct SeatAndPaymentSafetyTests {
    let fixtures = Fixtures()

    @Test("two concurrent holds of the same seat: exactly one wins, the other gets 409")
    func concurrentHolds() async throws {
        let admin = try await fixtures.admin()
        let film = try await fixtures.newFilm(admin)
        let (auditorium, seats) = try await fixtures.newAuditorium(admin)
        let screening = try await fixtures.newScreening(admin, film: film, auditorium: auditorium)
        let first = try await fixtures.newUser().client
        let second = try await fixtures.newUser().client
        for round in 0..<4 {
            let seat = seats[8 + round]
            async let a = first.post("/api/scheduling/screenings/\(screening)/holds", ["seatIds": [seat]])
            async let b = second.post("/api/scheduling/screenings/\(screening)/holds", ["seatIds": [seat]])
            let statuses = try await [a.status, b.status].sorted()
            #expect(statuses == [201, 409], "round \(round)")
        }
    }

    @Test("a held seat cannot be held again, and the refusal is problem+json")
    func heldSeatRefused() async throws {
        let admin = try await fixtures.admin()
        let film = try await fixtures.newFilm(admin)
        let (auditorium, seats) = try await fixtures.newAuditorium(admin)
        let screening = try await fixtures.newScreening(admin, film: film, auditorium: auditorium)
        let user = try await fixtures.newUser().client
        #expect(
            try await user.post("/api/scheduling/screenings/\(screening)/holds", ["seatIds": [seats[0]]]).status == 201)
        let again = try await user.post(
            "/api/scheduling/screenings/\(screening)/holds", ["seatIds": [seats[0], seats[1]]])
        #expect(again.status == 409)
        #expect(again.contentType.hasPrefix("application/problem+json"))
        #expect(again.json["code"] as? String == "seat-unavailable")
    }

    @Test("checkout with the same Idempotency-Key returns the first answer; another body with it is refused")
    func idempotentCheckout() async throws {
        let admin = try await fixtures.admin()
        let film = try await fixtures.newFilm(admin)
        let (auditorium, seats) = try await fixtures.newAuditorium(admin)
        let screening = try await fixtures.newScreening(admin, film: film, auditorium: auditorium)
        let user = try await fixtures.newUser().client
        let hold = try await user.post("/api/scheduling/screenings/\(screening)/holds", ["seatIds": [seats[4]]])
        let booking = try #require(hold.json["id"] as? String)
        let key = UUID().uuidString
        let first = try await fixtures.checkout(user, booking: booking, key: key)
        let second = try await fixtures.checkout(user, booking: booking, key: key)
        #expect(first.status == 201)
        #expect(second.status == 201)
        #expect(first.json["paymentId"] as? String == second.json["paymentId"] as? String)
        let other = try await user.post(
            "/api/payments/checkouts", ["bookingId": booking, "paymentMethod": "tok_declined"],
            headers: ["Idempotency-Key": key])
        #expect(other.status == 422)
        #expect(other.json["code"] as? String == "idempotency-key-reused")
        let newKey = try await fixtures.checkout(user, booking: booking, key: UUID().uuidString)
        #expect(newKey.status == 409)
        #expect(newKey.json["code"] as? String == "already-paid")
    }

    @Test("someone else's booking cannot be paid or read")
    func otherUsersBooking() async throws {
        let admin = try await fixtures.admin()
        let film = try await fixtures.newFilm(admin)
        let (auditorium, seats) = try await fixtures.newAuditorium(admin)
        let screening = try await fixtures.newScreening(admin, film: film, auditorium: auditorium)
        let owner = try await fixtures.newUser().client
        let stranger = try await fixtures.newUser().client
        let hold = try await owner.post("/api/scheduling/screenings/\(screening)/holds", ["seatIds": [seats[6]]])
        let booking = try #require(hold.json["id"] as? String)
        #expect(try await stranger.get("/api/scheduling/bookings/\(booking)").status == 404)
        let payment = try await fixtures.checkout(stranger, booking: booking)
        #expect(payment.status == 404)
    }
}
