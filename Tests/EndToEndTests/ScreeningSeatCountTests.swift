import Foundation
import TestSupport
import Testing

/// Seat counts and the cinema on a screening (issue 17, API gaps 1 and 2): the film page shows
/// "N seats left" from the list alone, in the cinema's time zone.
@Suite("Screening seat counts", .enabled(if: TestEnvironment.isAvailable))
struct ScreeningSeatCountTests {
    let fixtures = Fixtures()

    @Test("capacity, seatsFree and wheelchairFree follow holds; cinemaId and timezone are the cinema's")
    func seatCounts() async throws {
        let admin = try await fixtures.admin()
        let film = try await fixtures.newFilm(admin)
        let (auditorium, seats) = try await fixtures.newAuditorium(
            admin,
            rows: [
                ["label": "A", "seats": 6, "kinds": ["1": "wheelchair", "2": "companion", "6": "blocked"]],
                ["label": "B", "seats": 4],
            ])
        let screening = try await fixtures.newScreening(admin, film: film, auditorium: auditorium)
        let cinemas = try await APIClient().get("/api/scheduling/cinemas?limit=100").json["items"] as? [[String: Any]]
        let cinema = try #require(
            (cinemas ?? []).first { cinema in
                (cinema["auditoriums"] as? [[String: Any]] ?? []).contains { $0["id"] as? String == auditorium }
            })

        func counts() async throws -> (list: [String: Any], show: [String: Any]) {
            let list = try await APIClient().get("/api/scheduling/screenings?filmId=\(film)&limit=100")
            #expect(list.status == 200)
            let items = list.json["items"] as? [[String: Any]] ?? []
            let listed = try #require(items.first { $0["id"] as? String == screening })
            return (listed, try await APIClient().get("/api/scheduling/screenings/\(screening)").json)
        }

        let before = try await counts()
        for screening in [before.list, before.show] {
            #expect(screening["cinemaId"] as? String == cinema["id"] as? String)
            #expect(screening["timezone"] as? String == cinema["timezone"] as? String)
            #expect(screening["capacity"] as? Int == 9)
            #expect(screening["seatsFree"] as? Int == 9)
            #expect(screening["wheelchairFree"] as? Int == 1)
        }

        // Seats in row order: A1 (wheelchair), A2 (companion), …; hold the wheelchair pair and B1–B2.
        let (user, _) = try await fixtures.newUser()
        let hold = try await user.post(
            "/api/scheduling/screenings/\(screening)/holds", ["seatIds": [seats[0], seats[1]]])
        #expect(hold.status == 201, "\(hold.text)")
        let other = try await fixtures.newUser().client.post(
            "/api/scheduling/screenings/\(screening)/holds", ["seatIds": [seats[6], seats[7]]])
        #expect(other.status == 201, "\(other.text)")

        let after = try await counts()
        for screening in [after.list, after.show] {
            #expect(screening["capacity"] as? Int == 9)
            #expect(screening["seatsFree"] as? Int == 5)
            #expect(screening["wheelchairFree"] as? Int == 0)
        }

        let booking = try #require(hold.json["id"] as? String)
        #expect(try await user.post("/api/scheduling/bookings/\(booking)/release", [:]).status < 300)
        let released = try await counts()
        #expect(released.list["seatsFree"] as? Int == 7)
        #expect(released.list["wheelchairFree"] as? Int == 1)
    }
}
