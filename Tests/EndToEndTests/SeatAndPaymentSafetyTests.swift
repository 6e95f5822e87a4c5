import Foundation
import TestSupport
import Testing

/// No seat sold twice, no payment taken twice.
@Suite("Seat and payment safety", .enabled(if: TestEnvironment.isAvailable))
struct SeatAndPaymentSafetyTests {
    let fixtures = Fixtures()

    @Test("ten buyers racing for the same seat: exactly one hold wins, the nine others get 409")
    func concurrentHolds() async throws {
        let admin = try await fixtures.admin()
        let film = try await fixtures.newFilm(admin)
        let (auditorium, seats) = try await fixtures.newAuditorium(admin)
        let screening = try await fixtures.newScreening(admin, film: film, auditorium: auditorium)
        var buyers: [APIClient] = []
        for _ in 0..<10 { buyers.append(try await fixtures.newUser().client) }
        for round in 0..<3 {
            let seat = seats[8 + round]
            let statuses = try await withThrowingTaskGroup(of: Int.self) { group in
                for buyer in buyers {
                    group.addTask {
                        try await buyer.post("/api/scheduling/screenings/\(screening)/holds", ["seatIds": [seat]])
                            .status
                    }
                }
                return try await group.reduce(into: [Int]()) { $0.append($1) }
            }
            #expect(statuses.filter { $0 == 201 }.count == 1, "round \(round): \(statuses)")
            #expect(statuses.filter { $0 == 409 }.count == 9, "round \(round): \(statuses)")
        }
    }

    @Test("buyers racing for overlapping pairs of seats: the winning pairs never share a seat")
    func overlappingHolds() async throws {
        let admin = try await fixtures.admin()
        let film = try await fixtures.newFilm(admin)
        let (auditorium, seats) = try await fixtures.newAuditorium(admin)
        let screening = try await fixtures.newScreening(admin, film: film, auditorium: auditorium)
        let rowB = Array(seats[8..<16])
        var buyers: [APIClient] = []
        for _ in 0..<7 { buyers.append(try await fixtures.newUser().client) }
        let outcomes = try await withThrowingTaskGroup(of: (Int, [String]).self) { group in
            for (index, buyer) in buyers.enumerated() {
                let pair = [rowB[index], rowB[index + 1]]
                group.addTask {
                    let reply = try await buyer.post("/api/scheduling/screenings/\(screening)/holds", ["seatIds": pair])
                    return (reply.status, pair)
                }
            }
            return try await group.reduce(into: [(Int, [String])]()) { $0.append($1) }
        }
        #expect(outcomes.allSatisfy { [201, 409, 422].contains($0.0) }, "\(outcomes.map(\.0))")
        let winners = outcomes.filter { $0.0 == 201 }.map(\.1)
        #expect(!winners.isEmpty)
        let won = winners.flatMap { $0 }
        #expect(Set(won).count == won.count, "two winning holds share a seat")
        let map = try await APIClient().get("/api/scheduling/screenings/\(screening)/seats").json["items"]
        let held = Set(
            (map as? [[String: Any]] ?? []).filter { $0["state"] as? String == "held" }.compactMap {
                $0["id"] as? String
            })
        #expect(held == Set(won))
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

    @Test("a seat the seat map shows taken is refused at once; released, it can be held right away")
    func refusalFromTheSeatMapThenRelease() async throws {
        let admin = try await fixtures.admin()
        let film = try await fixtures.newFilm(admin)
        let (auditorium, seats) = try await fixtures.newAuditorium(admin)
        let screening = try await fixtures.newScreening(admin, film: film, auditorium: auditorium)
        let (first, second) = (try await fixtures.newUser().client, try await fixtures.newUser().client)
        let hold = try await first.post("/api/scheduling/screenings/\(screening)/holds", ["seatIds": [seats[2]]])
        let booking = try #require(hold.json["id"] as? String)
        for round in 0..<3 {
            // The seat map read keeps a snapshot that answers the next refusals.
            let map = try await APIClient().get("/api/scheduling/screenings/\(screening)/seats").json["items"]
            let state = (map as? [[String: Any]])?.first { $0["id"] as? String == seats[2] }?["state"] as? String
            #expect(state == "held", "round \(round)")
            let refused = try await second.post(
                "/api/scheduling/screenings/\(screening)/holds", ["seatIds": [seats[2], seats[3]]])
            #expect(refused.status == 409)
            #expect(refused.contentType.hasPrefix("application/problem+json"))
            #expect(refused.json["code"] as? String == "seat-unavailable")
        }
        #expect(try await first.send(.POST, "/api/scheduling/bookings/\(booking)/release", body: nil).status == 204)
        let now = try await second.post(
            "/api/scheduling/screenings/\(screening)/holds", ["seatIds": [seats[2], seats[3]]])
        #expect(now.status == 201)
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
