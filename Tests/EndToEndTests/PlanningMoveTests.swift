import Foundation
import TestSupport
import Testing

/// The planning board's moves: to another auditorium of the cinema, to another film, the
/// bookings a cancellation would refund, and the sales lead-time statistics.
@Suite("Planning moves", .enabled(if: TestEnvironment.isAvailable))
struct PlanningMoveTests {
    let fixtures = Fixtures()

    func patch(_ client: APIClient, _ screening: String, _ body: [String: Any]) async throws -> APIClient.Reply {
        try await client.send(
            .PATCH, "/api/scheduling/screenings/\(screening)", body: try JSONSerialization.data(withJSONObject: body))
    }

    /// A second auditorium in the cinema of `auditorium`.
    func sibling(_ admin: APIClient, of auditorium: String) async throws -> (cinema: String, auditorium: String) {
        let cinema = try await fixtures.cinema(of: auditorium, admin)
        let created = try await admin.post(
            "/api/scheduling/cinemas/\(cinema)/auditoriums", ["name": "Salle 2", "rows": [["label": "A", "seats": 6]]])
        return (cinema, try #require(created.json["id"] as? String))
    }

    @Test("a screening moves to another auditorium of its cinema and to another film; never to another cinema's")
    func moveAuditoriumAndFilm() async throws {
        let admin = try await fixtures.admin()
        let film = try await fixtures.newFilm(admin)
        let other = try await fixtures.newFilm(admin)
        let (auditorium, _) = try await fixtures.newAuditorium(admin)
        let (_, second) = try await sibling(admin, of: auditorium)
        let (elsewhere, _) = try await fixtures.newAuditorium(admin)
        let screening = try await fixtures.newScreening(admin, film: film, auditorium: auditorium)
        let moved = try await eventually("scheduling to know the other film") {
            let reply = try await patch(admin, screening, ["auditoriumId": second, "filmId": other])
            return reply.status == 422 ? nil : reply
        }
        #expect(moved.status == 200, "\(moved.text)")
        #expect((moved.json["auditoriumId"] as? String)?.lowercased() == second.lowercased())
        #expect((moved.json["filmId"] as? String)?.lowercased() == other.lowercased())
        let refused = try await patch(admin, screening, ["auditoriumId": elsewhere])
        #expect(refused.status == 422)
        #expect(((refused.json["errors"] as? [[String: Any]])?.first?["field"] as? String) == "auditoriumId")
        #expect(try await patch(admin, screening, [:]).status == 422)
    }

    @Test("once a seat is sold: the board counts the booking, only the time can change")
    func bookedScreening() async throws {
        let admin = try await fixtures.admin()
        let film = try await fixtures.newFilm(admin)
        let (auditorium, seats) = try await fixtures.newAuditorium(admin)
        let (cinema, second) = try await sibling(admin, of: auditorium)
        let screening = try await fixtures.newScreening(admin, film: film, auditorium: auditorium, startsIn: 3)
        let (user, _) = try await fixtures.newUser()
        let hold = try await user.post(
            "/api/scheduling/screenings/\(screening)/holds", ["seatIds": [seats[3], seats[4]]])
        let booking = try #require(hold.json["id"] as? String)
        _ = try await fixtures.checkout(user, booking: booking)
        _ = try await fixtures.waitForBooking(user, booking, status: "confirmed")
        let week = Date.now.addingTimeInterval(3 * 86400).formatted(.iso8601.year().month().day())
        let board = try await admin.get("/api/scheduling/cinemas/\(cinema)/calendar?week=\(week)")
        let lanes = try #require(board.json["auditoriums"] as? [[String: Any]])
        let block = lanes.flatMap { ($0["screenings"] as? [[String: Any]]) ?? [] }.first {
            ($0["id"] as? String)?.lowercased() == screening.lowercased()
        }
        #expect(block?["bookings"] as? Int == 1)
        #expect(block?["sold"] as? Int == 2)
        let refused = try await patch(admin, screening, ["auditoriumId": second])
        #expect(refused.status == 409)
        #expect(refused.json["code"] as? String == "screening-has-bookings")
        let later = Date.now.addingTimeInterval(3 * 86400 + 4 * 3600)
        #expect(try await patch(admin, screening, ["startsAt": later.formatted(.iso8601)]).status == 200)

        // Confirmed about 3 days + 4 h before the screening's new start (72 h + 4 h): the 3–7 days bucket.
        let stats = try await admin.get("/api/scheduling/stats/sales-lead-time?cinemaId=\(cinema)")
        #expect(stats.status == 200)
        let buckets = try #require(stats.json["items"] as? [[String: Any]])
        #expect(buckets.map { $0["key"] as? String } == ["0-2", "2-6", "6-24", "24-72", "72-168", "168+"])
        let counted = buckets.first { ($0["bookings"] as? Int ?? 0) > 0 }
        #expect(counted?["key"] as? String == "72-168")
        #expect(counted?["tickets"] as? Int == 2)
        let csv = try await admin.get("/api/scheduling/stats/sales-lead-time?cinemaId=\(cinema)&format=csv")
        #expect(csv.text.hasPrefix("key,label,fromHours,toHours,bookings,tickets\r\n"))
        let bad = try await admin.get("/api/scheduling/stats/sales-lead-time?format=xml&from=yesterday")
        #expect(bad.status == 422)
        #expect(((bad.json["errors"] as? [[String: Any]]) ?? []).count == 2)
        #expect(try await user.get("/api/scheduling/stats/sales-lead-time").status == 403)
    }
}
