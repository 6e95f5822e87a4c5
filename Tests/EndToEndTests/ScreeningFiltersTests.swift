import Foundation
import TestSupport
import Testing

/// Filters and formats a client expects from scheduling (issue 16, item 6): screenings by cinema,
/// film and local day; fill rates as CSV; unknown values of enumerated parameters are 422.
@Suite("Screening filters", .enabled(if: TestEnvironment.isAvailable))
struct ScreeningFiltersTests {
    let fixtures = Fixtures()

    func ids(_ path: String) async throws -> Set<String> {
        let reply = try await APIClient().get(path)
        #expect(reply.status == 200, "\(path): \(reply.text)")
        return Set((reply.json["items"] as? [[String: Any]] ?? []).compactMap { $0["id"] as? String })
    }

    @Test("screenings filter by cinema, film and the cinema's local day")
    func screeningFilters() async throws {
        let admin = try await fixtures.admin()
        let film = try await fixtures.newFilm(admin)
        let (first, _) = try await fixtures.newAuditorium(admin)
        let (second, _) = try await fixtures.newAuditorium(admin)
        let here = try await fixtures.newScreening(admin, film: film, auditorium: first, startsIn: 3)
        let there = try await fixtures.newScreening(admin, film: film, auditorium: second, startsIn: 5)
        let cinemas = try await APIClient().get("/api/scheduling/cinemas").json["items"] as? [[String: Any]] ?? []
        let cinema = try #require(
            cinemas.first { cinema in
                (cinema["auditoriums"] as? [[String: Any]] ?? []).contains { $0["id"] as? String == first }
            }?["id"] as? String)

        let byCinema = try await ids("/api/scheduling/screenings?cinemaId=\(cinema)&limit=100")
        #expect(byCinema == [here])
        let byFilm = try await ids("/api/scheduling/screenings?filmId=\(film)&limit=100")
        #expect(byFilm == [here, there])
        let startsAt = try await APIClient().get("/api/scheduling/screenings/\(here)").json["startsAt"] as? String
        let startsText = try #require(startsAt)
        let instant = try #require(ISO8601DateFormatter().date(from: startsText))
        var paris = Calendar(identifier: .gregorian)
        paris.timeZone = try #require(TimeZone(identifier: "Europe/Paris"))
        let parts = paris.dateComponents([.year, .month, .day], from: instant)
        let day = String(format: "%04d-%02d-%02d", parts.year ?? 0, parts.month ?? 0, parts.day ?? 0)
        let onDay = try await ids("/api/scheduling/screenings?filmId=\(film)&date=\(day)&limit=100")
        #expect(onDay == [here])
        for bad in ["cinemaId=nope", "date=tomorrow", "filmId=1"] {
            #expect(try await APIClient().get("/api/scheduling/screenings?\(bad)").status == 422, "\(bad)")
        }
    }

    @Test("fill rates as CSV; unknown by, format or wheelchair values are 422")
    func fillRatesFormats() async throws {
        let admin = try await fixtures.admin()
        let csv = try await admin.get("/api/scheduling/stats/fill-rates?by=film&format=csv")
        #expect(csv.status == 200)
        #expect(csv.contentType.hasPrefix("text/csv"))
        #expect(csv.text.hasPrefix("key,label,screenings,capacity,sold,fillRate\r\n"))
        #expect(try await admin.get("/api/scheduling/stats/fill-rates?format=json").status == 200)
        for bad in ["format=xlsx", "by=planet"] {
            let reply = try await admin.get("/api/scheduling/stats/fill-rates?\(bad)")
            #expect(reply.status == 422, "\(bad)")
        }
        let film = try await fixtures.newFilm(admin)
        let (auditorium, _) = try await fixtures.newAuditorium(admin)
        let screening = try await fixtures.newScreening(admin, film: film, auditorium: auditorium)
        let bestPath = "/api/scheduling/screenings/\(screening)/best-available?seats=2&wheelchair="
        #expect(try await APIClient().get(bestPath + "maybe").status == 422)
        #expect(try await APIClient().get(bestPath + "false").status == 200)
    }
}
