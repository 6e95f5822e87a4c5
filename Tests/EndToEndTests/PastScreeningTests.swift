import Foundation
import TestSupport
import Testing

/// Screenings are planned, moved and sold in the future only (issue 16, item 1).
@Suite("Past screenings", .enabled(if: TestEnvironment.isAvailable))
struct PastScreeningTests {
    let fixtures = Fixtures()

    func field(_ reply: APIClient.Reply) -> String? {
        (reply.json["errors"] as? [[String: Any]])?.first?["field"] as? String
    }

    @Test("planning a screening in the past is a 422 naming startsAt")
    func planningInThePast() async throws {
        let admin = try await fixtures.admin()
        let film = try await fixtures.newFilm(admin)
        let (auditorium, _) = try await fixtures.newAuditorium(admin)
        for start in ["2020-01-10T18:00:00Z", Date.now.addingTimeInterval(-60).formatted(.iso8601)] {
            let reply = try await admin.post(
                "/api/scheduling/screenings",
                ["filmId": film, "auditoriumId": auditorium, "startsAt": start, "priceAmount": 900])
            #expect(reply.status == 422)
            #expect(field(reply) == "startsAt")
        }
    }

    @Test("moving a screening into the past is a 422 naming startsAt")
    func reschedulingInThePast() async throws {
        let admin = try await fixtures.admin()
        let film = try await fixtures.newFilm(admin)
        let (auditorium, _) = try await fixtures.newAuditorium(admin)
        let screening = try await fixtures.newScreening(admin, film: film, auditorium: auditorium, startsIn: 3)
        let reply = try await admin.send(
            .PATCH, "/api/scheduling/screenings/\(screening)",
            body: try JSONSerialization.data(withJSONObject: ["startsAt": "2020-01-10T18:00:00Z"]))
        #expect(reply.status == 422)
        #expect(field(reply) == "startsAt")
    }
}
