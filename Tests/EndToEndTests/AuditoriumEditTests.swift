import Foundation
import TestSupport
import Testing

/// Seat-map editing: `GET /cinemas/{id}/auditoriums`, `PUT /auditoriums/{id}`.
@Suite("Auditorium editing", .enabled(if: TestEnvironment.isAvailable))
struct AuditoriumEditTests {
    let fixtures = Fixtures()

    func cinemaOf(_ admin: APIClient, auditorium: String) async throws -> String {
        try await fixtures.cinema(of: auditorium, admin)
    }

    func put(_ client: APIClient, _ auditorium: String, _ body: [String: Any]) async throws -> APIClient.Reply {
        try await client.send(
            .PUT, "/api/scheduling/auditoriums/\(auditorium)", body: try JSONSerialization.data(withJSONObject: body))
    }

    @Test("rename, add a row, block a seat and change kinds; seats keep their ids; the list shows the capacity")
    func editSeatMap() async throws {
        let admin = try await fixtures.admin()
        let (auditorium, seats) = try await fixtures.newAuditorium(admin)
        let cinema = try await cinemaOf(admin, auditorium: auditorium)
        let reply = try await put(
            admin, auditorium,
            [
                "name": "Salle Lumière",
                "rows": [
                    ["label": "A", "seats": 8, "gapsAfter": [4], "blocked": [1]],
                    ["label": "B", "seats": 8, "kinds": ["8": "wheelchair", "7": "companion"]],
                    ["label": "C", "seats": 10, "kinds": ["5": "premium", "6": "premium"]],
                ],
            ])
        #expect(reply.status == 200, "\(reply.text)")
        let items = try #require(reply.json["items"] as? [[String: Any]])
        #expect(items.count == 26)
        let a1 = try #require(items.first { $0["row"] as? String == "A" && $0["number"] as? Int == 1 })
        #expect(a1["kind"] as? String == "blocked")
        #expect(a1["id"] as? String == seats[0], "an existing seat keeps its id")
        #expect(
            items.first { $0["row"] as? String == "B" && $0["number"] as? Int == 8 }?["kind"] as? String
                == "wheelchair")
        let listed = try #require(
            try await admin.get("/api/scheduling/cinemas/\(cinema)/auditoriums").json["items"] as? [[String: Any]])
        #expect(listed.first?["name"] as? String == "Salle Lumière")
        #expect(listed.first?["capacity"] as? Int == 25, "26 seats, one blocked")
        // Every invalid field named; clients cannot edit.
        let bad = try await put(admin, auditorium, ["name": "", "rows": [["label": "A", "seats": 4, "blocked": [9]]]])
        #expect(bad.status == 422)
        let fields = ((bad.json["errors"] as? [[String: Any]]) ?? []).compactMap { $0["field"] as? String }
        #expect(fields.contains("name") && fields.contains("rows[0].blocked"))
        let (user, _) = try await fixtures.newUser()
        #expect(try await put(user, auditorium, ["name": "x", "rows": []]).status == 403)
    }

    @Test("refused while a screening to come has seats sold; a seat that was booked cannot be removed")
    func refusedWhenBooked() async throws {
        let admin = try await fixtures.admin()
        let film = try await fixtures.newFilm(admin)
        let (auditorium, seats) = try await fixtures.newAuditorium(admin)
        let screening = try await fixtures.newScreening(admin, film: film, auditorium: auditorium)
        let (user, _) = try await fixtures.newUser()
        let hold = try await user.post("/api/scheduling/screenings/\(screening)/holds", ["seatIds": [seats[15]]])
        let booking = try #require(hold.json["id"] as? String)
        let smaller: [String: Any] = ["name": "Salle 1", "rows": [["label": "A", "seats": 8]]]
        let busy = try await put(admin, auditorium, smaller)
        #expect(busy.status == 409)
        #expect(busy.json["code"] as? String == "auditorium-in-use")
        // Released, the screening has nothing sold, but B8 was booked once: it cannot go.
        #expect(try await user.send(.POST, "/api/scheduling/bookings/\(booking)/release", body: nil).status < 300)
        let history = try await put(admin, auditorium, smaller)
        #expect(history.status == 409)
        #expect(history.json["code"] as? String == "seat-has-history")
        #expect((history.json["detail"] as? String)?.contains("B8") == true)
        let seatsNow = try await admin.get("/api/scheduling/auditoriums/\(auditorium)/seats")
        #expect((seatsNow.json["items"] as? [[String: Any]])?.count == 16, "nothing changed")
    }
}
