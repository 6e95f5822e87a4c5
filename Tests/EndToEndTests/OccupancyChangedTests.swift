import Foundation
import TestSupport
import Testing

/// scheduling.screening.occupancy_changed (issue 16, item 3): one event each time the fill rate
/// enters another 5 % step, so that a rule at any threshold can fire once, at its own threshold.
@Suite("Occupancy changes", .enabled(if: TestEnvironment.isAvailable))
struct OccupancyChangedTests {
    let fixtures = Fixtures()

    func buy(_ screening: String, _ seats: [String]) async throws {
        let (user, _) = try await fixtures.newUser()
        let held = try await user.post("/api/scheduling/screenings/\(screening)/holds", ["seatIds": seats])
        let booking = try #require(held.json["id"] as? String, "hold failed: \(held.text)")
        #expect(try await fixtures.checkout(user, booking: booking).status == 201)
        _ = try await fixtures.waitForBooking(user, booking, status: "confirmed")
    }

    @Test("each confirmation that enters another 5 % step publishes the rate; a 50 % and a 100 % rule each fire once")
    func steps() async throws {
        let admin = try await fixtures.admin()
        let film = try await fixtures.newFilm(admin)
        let (auditorium, seats) = try await fixtures.newAuditorium(admin, rows: [["label": "A", "seats": 10]])
        let screening = try await fixtures.newScreening(admin, film: film, auditorium: auditorium)
        let tap = try await BrokerManagement().tap("scheduling.screening.occupancy_changed")
        func events(count: Int) async throws -> [[String: Any]] {
            try await eventually("\(count) occupancy events") {
                let mine = try await BrokerManagement().payloads(tap).filter {
                    $0["screeningId"] as? String == screening
                }
                return mine.count >= count ? mine : nil
            }
        }

        try await buy(screening, Array(seats[0..<3]))  // 30 %
        try await buy(screening, Array(seats[3..<5]))  // 50 %
        try await buy(screening, Array(seats[5..<10]))  // 100 %
        let changes = try await events(count: 3)
        #expect(changes.count == 3)
        #expect(changes.map { $0["percent"] as? Int } == [30, 50, 100])
        #expect(changes.map { $0["previousStep"] as? Int } == [0, 30, 50])
        #expect(changes.last?["sold"] as? Int == 10)
        #expect(changes.last?["capacity"] as? Int == 10)
        // What a notifications rule does with them: it fires when previousStep < threshold <= percent.
        for threshold in [50, 100] {
            let firing = changes.filter {
                ($0["previousStep"] as? Int ?? 0) < threshold && threshold <= ($0["percent"] as? Int ?? 0)
            }
            #expect(firing.count == 1)
            #expect(firing.first?["percent"] as? Int == threshold)
        }
    }
}
