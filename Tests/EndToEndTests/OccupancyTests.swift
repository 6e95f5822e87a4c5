import Foundation
import TestSupport
import Testing

/// Fill rates: the planning board, statistics, and the occupancy alert event (80 % by default).
@Suite("Occupancy", .enabled(if: TestEnvironment.isAvailable))
struct OccupancyTests {
    let fixtures = Fixtures()

    func buy(_ screening: String, _ seats: [String]) async throws {
        let (user, _) = try await fixtures.newUser()
        let held = try await user.post("/api/scheduling/screenings/\(screening)/holds", ["seatIds": seats])
        let booking = try #require(held.json["id"] as? String, "hold failed: \(held.text)")
        #expect(try await fixtures.checkout(user, booking: booking).status == 201)
        _ = try await fixtures.waitForBooking(user, booking, status: "confirmed")
    }

    @Test("crossing 80 % publishes one occupancy event; the board and the statistics show the fill rate")
    func fillRates() async throws {
        let admin = try await fixtures.admin()
        let film = try await fixtures.newFilm(admin)
        let cinema = try await admin.post(
            "/api/scheduling/cinemas", ["name": "Occupancy \(UUID().uuidString.prefix(8))", "city": "Nantes"])
        let cinemaID = try #require(cinema.json["id"] as? String)
        let room = try await admin.post(
            "/api/scheduling/cinemas/\(cinemaID)/auditoriums",
            ["name": "Petite salle", "rows": [["label": "A", "seats": 5, "kinds": ["5": "blocked"]]]])
        let auditorium = try #require(room.json["id"] as? String)
        let seatList = try await APIClient().get("/api/scheduling/auditoriums/\(auditorium)/seats")
        let seats = (seatList.json["items"] as? [[String: Any]] ?? []).compactMap { $0["id"] as? String }
        let screening = try await fixtures.newScreening(admin, film: film, auditorium: auditorium)
        let tap = try await BrokerManagement().tap("scheduling.screening.occupancy_reached")

        try await buy(screening, [seats[0], seats[1]])  // 2 of 4 sellable seats: 50 %
        try await Task.sleep(for: .seconds(1))
        #expect(try await BrokerManagement().payloads(tap).filter { $0["screeningId"] as? String == screening }.isEmpty)
        try await buy(screening, [seats[2], seats[3]])  // 100 %
        let alert = try await eventually("the occupancy event") {
            try await BrokerManagement().payloads(tap).first { $0["screeningId"] as? String == screening }
        }
        #expect(alert["sold"] as? Int == 4)
        #expect(alert["capacity"] as? Int == 4)
        #expect(alert["thresholdPercent"] as? Int == 80)
        #expect(
            try await BrokerManagement().payloads(tap).filter { $0["screeningId"] as? String == screening }.count == 1)

        let startsAt = try await APIClient().get("/api/scheduling/screenings/\(screening)").json["startsAt"] as? String
        let day = String(try #require(startsAt).prefix(10))
        let board = try await admin.get("/api/scheduling/cinemas/\(cinemaID)/calendar?week=\(day)")
        #expect(board.status == 200)
        let rooms = board.json["auditoriums"] as? [[String: Any]] ?? []
        #expect(rooms.first?["capacity"] as? Int == 4)
        let planned = (rooms.first?["screenings"] as? [[String: Any]] ?? []).first { $0["id"] as? String == screening }
        #expect(planned?["fillRate"] as? Double == 1.0)
        #expect(planned?["sold"] as? Int == 4)

        let stats = try await admin.get("/api/scheduling/stats/fill-rates?by=film&cinemaId=\(cinemaID)")
        let row = (stats.json["items"] as? [[String: Any]] ?? []).first { $0["key"] as? String == film }
        #expect(row?["fillRate"] as? Double == 1.0)
        #expect(row?["screenings"] as? Int == 1)
        let (client, _) = try await fixtures.newUser()
        #expect(try await client.get("/api/scheduling/stats/fill-rates").status == 403)
        #expect(try await admin.get("/api/scheduling/stats/fill-rates?by=year").status == 422)
        #expect(try await admin.get("/api/scheduling/cinemas/\(cinemaID)/calendar?week=soon").status == 422)
    }
}
