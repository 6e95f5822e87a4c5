import Foundation
import NIOHTTP1
import TestSupport
import Testing

/// Catalog end to end, through the gateway: TMDB import (against the TMDB fake catalog is
/// configured with), lifecycle and events, search and filters, pagination, caching, personal
/// features and recommendations. Each test marks its films with a word of its own, so that films
/// other suites create meanwhile never disturb it.
@Suite("Catalog and discovery", .enabled(if: TestEnvironment.isAvailable))
struct CatalogDiscoveryTests {
    let fixtures = Fixtures()

    static func token() -> String {
        "zq" + String(UUID().uuidString.lowercased().filter(\.isLetter).prefix(8))
    }

    func film(_ admin: APIClient, _ fields: [String: Any]) async throws -> String {
        var body: [String: Any] = ["runtimeMinutes": 100, "status": "published"]
        body.merge(fields) { _, new in new }
        let reply = try await admin.post("/api/catalog/films", body)
        guard reply.status == 201, let id = reply.json["id"] as? String else {
            throw TestFailure("film: \(reply.status) \(reply.text)")
        }
        return id
    }

    /// `fresh`: past the gateway's response cache (`Cache-Control: no-cache`), for polls waiting
    /// for an event to reach catalog (a first poll's answer would otherwise be served for 60 s).
    func titles(_ path: String, fresh: Bool = false) async throws -> [String] {
        let reply = try await APIClient().get(path, headers: fresh ? ["Cache-Control": "no-cache"] : [:])
        guard reply.status == 200 else { throw TestFailure("\(path): \(reply.status) \(reply.text)") }
        return (reply.json["items"] as? [[String: Any]] ?? []).compactMap { $0["title"] as? String }
    }

    func send(_ client: APIClient, _ method: HTTPMethod, _ path: String, _ body: [String: Any]) async throws
        -> APIClient.Reply
    {
        try await client.send(method, path, body: try JSONSerialization.data(withJSONObject: body))
    }

    @Test("the gateway caches public film pages in Redis and drops them on the catalog.film event of an edit")
    func gatewayCacheInvalidatedByEvent() async throws {
        let admin = try await fixtures.admin()
        let tok = Self.token()
        let id = try await film(admin, ["title": "Cache \(tok)"])
        let path = "/api/catalog/films/\(id)"
        let first = try await APIClient().get(path)
        #expect(first.status == 200)
        #expect(first.headers.first(name: "X-Cache") == "MISS")
        // The film's own creation event may reach the gateway after that first read and drop what it
        // stored (dropping too much is safe): the next reads are hits once the events are consumed.
        let second = try await eventually(timeout: .seconds(15), "a read served from the gateway's cache") {
            let reply = try await APIClient().get(path)
            return reply.headers.first(name: "X-Cache") == "HIT" ? reply : nil
        }
        let etag = try #require(second.headers.first(name: "ETag"))
        #expect(try await APIClient().get(path, headers: ["If-None-Match": etag]).status == 304)
        // Edited at the catalog itself, not through the gateway: only the event can tell the cache.
        let direct = APIClient(baseURL: TestEnvironment.serviceURL("catalog"), token: admin.token)
        let edit = try await send(direct, .PATCH, "/films/\(id)", ["title": "Cache \(tok) edited"])
        #expect(edit.status == 200)
        let fresh = try await eventually(timeout: .seconds(15), "the gateway's cache drops the edited film") {
            let reply = try await APIClient().get(path)
            return reply.json["title"] as? String == "Cache \(tok) edited" ? reply : nil
        }
        #expect(fresh.headers.first(name: "X-Cache") == "MISS")
        #expect(fresh.headers.first(name: "ETag") != etag)
        #expect(try await APIClient().get(path, headers: ["If-None-Match": etag]).status == 200)
        let again = try await APIClient().get(path)
        #expect(again.headers.first(name: "X-Cache") == "HIT")
        #expect(again.json["title"] as? String == "Cache \(tok) edited")
    }

    @Test("TMDB import: a draft invisible to the public; publishing emits the event scheduling's replica consumes")
    func importPublish() async throws {
        try await FakeTMDB.shared.start(port: TestEnvironment.tmdbPort)
        let tmdbId = Int.random(in: 5_000_000...9_000_000)
        let title = "Amélie \(Self.token())"
        var movie = FakeTMDB.amelie
        movie["id"] = tmdbId
        movie["title"] = title
        await FakeTMDB.shared.add(movie)
        let admin = try await fixtures.admin()
        let found = try await admin.get("/api/catalog/tmdb/search?query=\(title.split(separator: " ")[1])")
        #expect((found.json["items"] as? [[String: Any]])?.first?["tmdbId"] as? Int == tmdbId)
        let imported = try await admin.post("/api/catalog/tmdb/imports", ["tmdbId": tmdbId])
        #expect(imported.status == 201)
        #expect(imported.json["status"] as? String == "draft")
        #expect(imported.json["certification"] as? String == "U")
        let id = try #require(imported.json["id"] as? String)
        #expect(try await admin.post("/api/catalog/tmdb/imports", ["tmdbId": tmdbId]).status == 409)
        #expect(try await admin.post("/api/catalog/tmdb/imports", ["tmdbId": 424_242]).status == 404)
        // A draft: invisible to the public, visible to staff.
        #expect(try await APIClient().get("/api/catalog/films/\(id)").status == 404)
        #expect(try await titles("/api/catalog/films?q=\(title.split(separator: " ")[1])").isEmpty)
        #expect(try await admin.get("/api/catalog/films/\(id)").status == 200)
        let tap = try await BrokerManagement().tap("catalog.film.published")
        let published = try await admin.post("/api/catalog/films/\(id)/publish", [:])
        #expect(published.status == 200)
        #expect(try await admin.post("/api/catalog/films/\(id)/publish", [:]).status == 409)
        let event = try await eventually("catalog.film.published") {
            try await BrokerManagement().payloads(tap).first { $0["filmId"] as? String == id }
        }
        #expect(event["runtimeMinutes"] as? Int == 122)
        #expect(event["genres"] as? [String] == ["comédie", "romance"])
        #expect(event["posterPath"] as? String == "/vZ9NhNbQQ3yhtiC5sbhpy5KTXns.jpg")
        let page = try await APIClient().get("/api/catalog/films/\(id)")
        #expect(page.status == 200)
        #expect((page.json["images"] as? [String: Any])?["poster"] != nil)
        // scheduling learnt the film (and its runtime) from the event: a screening can be planned.
        let (auditorium, _) = try await fixtures.newAuditorium(admin)
        _ = try await fixtures.newScreening(admin, film: id, auditorium: auditorium)
        // A hand edit survives a re-sync, unless staff overwrite.
        let edited = try await send(admin, .PATCH, "/api/catalog/films/\(id)", ["title": "\(title) (restauré)"])
        #expect(edited.json["localEdits"] as? [String] == ["title"])
        let synced = try await admin.post("/api/catalog/films/\(id)/sync", [:])
        #expect(synced.json["title"] as? String == "\(title) (restauré)")
        let overwritten = try await admin.post("/api/catalog/films/\(id)/sync?overwrite=true", [:])
        #expect(overwritten.json["title"] as? String == title)
        #expect((overwritten.json["localEdits"] as? [String])?.isEmpty == true)
        let word = title.split(separator: " ")[1]
        #expect(try await titles("/api/catalog/films?q=\(word)&ratingMin=7.5") == [title])
        // Person and genre pages (Audrey Tautou is TMDB person 3035).
        #expect(try await titles("/api/catalog/people/3035/films?q=\(word)") == [title])
        #expect(try await titles("/api/catalog/people/1/films?q=\(word)").isEmpty)
        #expect(try await titles("/api/catalog/genres/romance/films?q=\(word)") == [title])
        #expect(try await titles("/api/catalog/films?q=\(word)&ratingMin=8").isEmpty)
        #expect(try await APIClient().post("/api/catalog/tmdb/imports", ["tmdbId": 1]).status == 401)
    }

    @Test("full-text search ignores accents and stems French and English; titles rank first")
    func textSearch() async throws {
        let admin = try await fixtures.admin()
        let tok = Self.token()
        _ = try await film(admin, ["title": "Un Été à Paris \(tok)"])
        _ = try await film(admin, ["title": "Voix \(tok)", "synopsis": "Les chanteuses chantaient la nuit."])
        _ = try await film(admin, ["title": "Galop \(tok)", "synopsisEn": "Wild horses running free."])
        _ = try await film(admin, ["title": "Fleur \(tok)"])
        _ = try await film(admin, ["title": "Jardin \(tok)", "synopsis": "Une fleur pousse."])
        #expect(try await titles("/api/catalog/films?q=et%C3%A9%20\(tok)") == ["Un Été à Paris \(tok)"])
        #expect(try await titles("/api/catalog/films?q=ete%20\(tok)") == ["Un Été à Paris \(tok)"])
        #expect(try await titles("/api/catalog/films?q=chanteuse%20\(tok)") == ["Voix \(tok)"])
        #expect(try await titles("/api/catalog/films?q=horse%20\(tok)") == ["Galop \(tok)"])
        #expect(try await titles("/api/catalog/films?q=fleur%20\(tok)") == ["Fleur \(tok)", "Jardin \(tok)"])
        #expect(try await titles("/api/catalog/films?q=\(tok.prefix(7))").count == 5)  // a word prefix
        #expect(try await APIClient().get("/api/catalog/films?sort=relevance").status == 422)
    }

    @Test("every filter, alone and combined, including showing between dates and nested categories")
    func filters() async throws {
        let admin = try await fixtures.admin()
        let tok = Self.token()
        let a = try await film(
            admin,
            [
                "title": "A \(tok)", "genres": ["Drame"], "audioLanguages": ["fr"], "subtitleLanguages": ["en"],
                "formats": ["IMAX"], "certification": "12", "runtimeMinutes": 95, "releaseDate": "1999-05-01",
            ])
        _ = try await film(
            admin,
            [
                "title": "B \(tok)", "genres": ["Comédie"], "audioLanguages": ["en"], "subtitleLanguages": ["fr"],
                "formats": ["2D"], "certification": "U", "runtimeMinutes": 140, "releaseDate": "2015-03-01",
            ])
        let c = try await film(
            admin,
            [
                "title": "C \(tok)", "genres": ["Drame", "Comédie"], "audioLanguages": ["fr", "en"],
                "formats": ["2D", "3D"], "certification": "16", "runtimeMinutes": 110, "releaseDate": "2023-10-01",
            ])
        let base = "/api/catalog/films?q=\(tok)&sort=title&"
        #expect(try await titles(base + "genre=drame") == ["A \(tok)", "C \(tok)"])
        #expect(try await titles(base + "language=en") == ["B \(tok)", "C \(tok)"])
        #expect(try await titles(base + "subtitles=fr") == ["B \(tok)"])
        #expect(try await titles(base + "format=3D,IMAX") == ["A \(tok)", "C \(tok)"])
        #expect(try await titles(base + "certification=U,12") == ["A \(tok)", "B \(tok)"])
        #expect(try await titles(base + "runtimeMin=100&runtimeMax=120") == ["C \(tok)"])
        #expect(try await titles(base + "yearFrom=2000&yearTo=2020") == ["B \(tok)"])
        #expect(try await titles(base + "genre=comedie,drame&language=fr&format=2D") == ["C \(tok)"])
        #expect(try await titles(base + "genre=drame&yearTo=2000&certification=12") == ["A \(tok)"])
        #expect(try await titles(base + "genre=drame&subtitles=fr").isEmpty)
        #expect(try await titles("/api/catalog/films?q=\(tok)&sort=release") == ["C \(tok)", "B \(tok)", "A \(tok)"])
        #expect(try await APIClient().get(base + "format=8K").status == 422)
        #expect(try await APIClient().get(base + "runtimeMin=200&runtimeMax=100").status == 422)
        // Nested categories: a film in "Kids", itself under "Festival", is found under both.
        let festival = try await admin.post(
            "/api/catalog/categories", ["name": "Festival \(tok)", "kind": "collection"])
        let kids = try await admin.post(
            "/api/catalog/categories",
            ["name": "Kids \(tok)", "kind": "collection", "parentId": festival.json["id"] as? String ?? ""])
        #expect(kids.status == 201)
        let kidsSlug = try #require(kids.json["slug"] as? String)
        let festivalSlug = try #require(festival.json["slug"] as? String)
        #expect(
            try await send(admin, .PUT, "/api/catalog/films/\(a)/categories", ["categories": [kidsSlug]]).status == 200)
        #expect(try await titles(base + "category=\(festivalSlug)") == ["A \(tok)"])
        #expect(try await titles(base + "category=\(kidsSlug)&genre=drame") == ["A \(tok)"])
        // Showing between dates, from scheduling's events.
        let (auditorium, _) = try await fixtures.newAuditorium(admin)
        _ = try await fixtures.newScreening(admin, film: c, auditorium: auditorium, startsIn: 3)
        let day = Date.now.addingTimeInterval(3 * 86400)
        let from = day.addingTimeInterval(-86400).formatted(.iso8601.year().month().day())
        let to = day.addingTimeInterval(86400).formatted(.iso8601.year().month().day())
        let showing = try await eventually("catalog's screening replica") {
            let found = try await titles(base + "showingFrom=\(from)&showingTo=\(to)", fresh: true)
            return found.isEmpty ? nil : found
        }
        #expect(showing == ["C \(tok)"])
    }

    /// A screening of `film` on the day `days` from now at `hour`:`minute` in Paris (the test cinemas'
    /// time zone), once scheduling knows the film.
    func screening(
        _ admin: APIClient, film: String, auditorium: String, days: Int, hour: Int, minute: Int = 0, version: String
    ) async throws -> String {
        let start = try Self.parisTime(days: days, hour: hour, minute: minute)
        return try await eventually("scheduling to know film \(film)") {
            let reply = try await admin.post(
                "/api/scheduling/screenings",
                [
                    "filmId": film, "auditoriumId": auditorium, "startsAt": start.formatted(.iso8601),
                    "priceAmount": 1000, "currency": "EUR", "version": version,
                ])
            if reply.status == 422 { return nil }
            guard reply.status == 201, let id = reply.json["id"] as? String else {
                throw TestFailure("screening: \(reply.status) \(reply.text)")
            }
            return id
        }
    }

    static func parisTime(days: Int, hour: Int, minute: Int = 0) throws -> Date {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = try #require(TimeZone(identifier: "Europe/Paris"))
        let day = calendar.dateComponents(
            [.year, .month, .day], from: Date.now.addingTimeInterval(Double(days) * 86400))
        return try #require(
            calendar.date(
                from: DateComponents(year: day.year, month: day.month, day: day.day, hour: hour, minute: minute)))
    }

    @Test("screening filters: cinema, version, local time of day, wheelchair places, all met by one screening")
    func screeningFilters() async throws {
        let admin = try await fixtures.admin()
        let tok = Self.token()
        let accessible = try await fixtures.newAuditorium(
            admin, rows: [["label": "A", "seats": 6, "kinds": ["1": "wheelchair", "2": "companion"]]]
        ).auditorium
        let plain = try await fixtures.newAuditorium(admin).auditorium
        let (lyon, other) = (
            try await fixtures.cinema(of: accessible, admin), try await fixtures.cinema(of: plain, admin)
        )
        let x = try await film(admin, ["title": "X \(tok)"])
        let y = try await film(admin, ["title": "Y \(tok)"])
        let z = try await film(admin, ["title": "Z \(tok)"])
        _ = try await screening(admin, film: x, auditorium: accessible, days: 3, hour: 10, version: "VO")
        _ = try await screening(admin, film: y, auditorium: plain, days: 3, hour: 20, minute: 30, version: "VOSTFR")
        _ = try await screening(admin, film: y, auditorium: accessible, days: 3, hour: 14, version: "VF")
        let late = try await screening(admin, film: z, auditorium: plain, days: 4, hour: 23, version: "VF")
        let base = "/api/catalog/films?q=\(tok)&sort=title&"
        let all = try await eventually("catalog's replica of the four screenings with their places") {
            let found = try await titles(
                base + "cinemaId=\(lyon),\(other)&timeOfDay=morning,afternoon,evening,night", fresh: true)
            return found.count == 3 ? found : nil
        }
        #expect(all == ["X \(tok)", "Y \(tok)", "Z \(tok)"])
        #expect(try await titles(base + "cinemaId=\(lyon)") == ["X \(tok)", "Y \(tok)"])
        #expect(try await titles(base + "cinemaId=\(other)") == ["Y \(tok)", "Z \(tok)"])
        #expect(try await titles(base + "version=VO") == ["X \(tok)"])
        #expect(try await titles(base + "version=vostfr,VF") == ["Y \(tok)", "Z \(tok)"])
        #expect(try await titles(base + "timeOfDay=morning") == ["X \(tok)"])
        #expect(try await titles(base + "timeOfDay=afternoon") == ["Y \(tok)"])
        #expect(try await titles(base + "timeOfDay=evening") == ["Y \(tok)"])
        #expect(try await titles(base + "timeOfDay=night,morning") == ["X \(tok)", "Z \(tok)"])
        #expect(try await titles(base + "accessibility=wheelchair") == ["X \(tok)", "Y \(tok)"])
        // One screening must meet every filter: Y plays in VOSTFR and plays in Lyon, never both.
        #expect(try await titles(base + "cinemaId=\(lyon)&version=VOSTFR").isEmpty)
        #expect(try await titles(base + "cinemaId=\(other)&version=VOSTFR&timeOfDay=evening") == ["Y \(tok)"])
        #expect(try await titles(base + "accessibility=wheelchair&timeOfDay=evening").isEmpty)
        let farAway = Date.now.addingTimeInterval(60 * 86400).formatted(.iso8601.year().month().day())
        #expect(try await titles(base + "cinemaId=\(lyon)&showingFrom=\(farAway)").isEmpty)
        for bad in ["version=VX", "timeOfDay=noon", "cinemaId=lyon", "accessibility=stairs"] {
            let reply = try await APIClient().get(base + bad)
            #expect(reply.status == 422, "\(bad): \(reply.status)")
            #expect(reply.headers.first(name: "Content-Type")?.hasPrefix("application/problem+json") == true)
        }
        // A moved screening and an edited seat map reach the replica through their events.
        let moved = try await send(
            admin, .PATCH, "/api/scheduling/screenings/\(late)",
            ["startsAt": try Self.parisTime(days: 5, hour: 9).formatted(.iso8601)])
        #expect(moved.status == 200, "\(moved.text)")
        let edit = try await send(
            admin, .PUT, "/api/scheduling/auditoriums/\(plain)",
            [
                "name": "Salle 1",
                "rows": [["label": "A", "seats": 8, "kinds": ["8": "wheelchair"]], ["label": "B", "seats": 8]],
            ])
        #expect(edit.status == 200, "\(edit.text)")
        let wheelchair = try await eventually("the replica to take the new wheelchair places") {
            let found = try await titles(base + "accessibility=wheelchair", fresh: true)
            return found.count == 3 ? found : nil
        }
        #expect(wheelchair == ["X \(tok)", "Y \(tok)", "Z \(tok)"])
        let mornings = try await eventually("the replica to take the moved screening") {
            let found = try await titles(base + "timeOfDay=morning", fresh: true)
            return found.count == 2 ? found : nil
        }
        #expect(mornings == ["X \(tok)", "Z \(tok)"])
    }

    @Test("keyset pages have no duplicate and no gap while films are added between pages")
    func pagination() async throws {
        let admin = try await fixtures.admin()
        let tok = Self.token()
        var initial: [String] = []
        for index in 0..<12 {
            let title = "\(String(format: "%02d", index * 2)) \(tok)"
            _ = try await film(admin, ["title": title])
            initial.append(title)
        }
        var seen: [String] = []
        var cursor: String? = nil
        var page = 0
        repeat {
            let path = "/api/catalog/films?q=\(tok)&sort=title&limit=5" + (cursor.map { "&cursor=\($0)" } ?? "")
            let reply = try await APIClient().get(path)
            seen += (reply.json["items"] as? [[String: Any]] ?? []).compactMap { $0["title"] as? String }
            cursor = reply.json["nextCursor"] as? String
            // The search's total as it began: counted once, carried by the cursor.
            #expect(reply.json["total"] as? Int == 12, "page \(page)")
            if page == 0 {
                for odd in [1, 9, 23] { _ = try await film(admin, ["title": "\(String(format: "%02d", odd)) \(tok)"]) }
            }
            page += 1
        } while cursor != nil && page < 10
        #expect(Set(seen).count == seen.count, "duplicates: \(seen)")
        #expect(Set(initial).isSubset(of: Set(seen)), "gap: \(Set(initial).subtracting(seen))")
        #expect(seen == seen.sorted())
        #expect(try await APIClient().get("/api/catalog/films?limit=101").status == 422)
    }

    @Test("title pages go on past a title holding the cursor's separator and past a long title in a 3-byte script")
    func cursorKeys() async throws {
        let admin = try await fixtures.admin()
        let tok = Self.token()
        let titles = [
            "A|B|\(tok)", "B \(tok) | C", "Z \(tok)", String(repeating: "電", count: 180) + " \(tok)", "龍 \(tok)",
        ]
        for title in titles { _ = try await film(admin, ["title": title]) }
        var seen: [String] = []
        var cursor: String? = nil
        repeat {
            let path = "/api/catalog/films?q=\(tok)&sort=title&limit=1" + (cursor.map { "&cursor=\($0)" } ?? "")
            let reply = try await APIClient().get(path)
            try #require(reply.status == 200, "after \(seen): \(reply.text)")
            seen += (reply.json["items"] as? [[String: Any]] ?? []).compactMap { $0["title"] as? String }
            #expect(reply.json["total"] as? Int == titles.count)
            cursor = reply.json["nextCursor"] as? String
        } while cursor != nil && seen.count <= titles.count
        #expect(seen == titles)
        let forged = Data("x|not-an-id".utf8).base64EncodedString().replacingOccurrences(of: "=", with: "")
        #expect(try await APIClient().get("/api/catalog/films?sort=title&cursor=\(forged)").status == 422)
    }

    @Test("search operators: -word excludes every form of the word, \"phrases\" and or")
    func searchOperators() async throws {
        let admin = try await fixtures.admin()
        let tok = Self.token()
        // Paris only in the French synopsis, in the English one, in the title; and nowhere.
        _ = try await film(admin, ["title": "Nuit \(tok)", "synopsis": "Une histoire à Paris."])
        _ = try await film(admin, ["title": "Soir \(tok)", "synopsisEn": "A night in Paris."])
        _ = try await film(admin, ["title": "Paris \(tok)"])
        _ = try await film(admin, ["title": "Nuit blanche \(tok)", "synopsis": "Une ville du nord."])
        func search(_ text: String) async throws -> [String] {
            let query = text.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? text
            return try await titles("/api/catalog/films?q=\(query)&sort=title")
        }
        #expect(try await search("\(tok) -paris") == ["Nuit blanche \(tok)"])
        #expect(try await search("\(tok) -Pâris") == ["Nuit blanche \(tok)"])
        #expect(try await search("nuit \(tok) -\"une ville\"") == ["Nuit \(tok)"])
        #expect(try await search("\"nuit blanche\" \(tok)") == ["Nuit blanche \(tok)"])
        #expect(try await search("\(tok) soir or \(tok) blanche") == ["Nuit blanche \(tok)", "Soir \(tok)"])
        #expect(try await search("\(tok) paris").count == 3)
    }

    @Test("relevance pages, two films a page, list the films in the one-page order: the rank in the cursor round-trips")
    func relevancePagination() async throws {
        let admin = try await fixtures.admin()
        let tok = Self.token()
        let films: [[String: Any]] = [
            ["title": "Alpha \(tok)"], ["title": "Beta", "synopsis": "\(tok) puis \(tok) et \(tok)."],
            ["title": "Gamma \(tok)", "synopsis": "Encore \(tok), toujours \(tok)."],
            ["title": "Delta", "synopsisEn": "One \(tok)."], ["title": "Epsilon \(tok) \(tok)"],
            ["title": "Zeta", "synopsis": "Un \(tok)."], ["title": "Eta \(tok)", "synopsisEn": "A \(tok)."],
        ]
        for fields in films { _ = try await film(admin, fields) }
        let whole = try await titles("/api/catalog/films?q=\(tok)&limit=100", fresh: true)
        #expect(whole.count == films.count)
        let ranked = try #require(whole.firstIndex(of: "Gamma \(tok)"))
        let below = try #require(whole.firstIndex(of: "Delta"))
        #expect(ranked < below, "a title and synopsis match ranks above an English synopsis match: \(whole)")
        #expect(
            Set(whole.prefix(4)) == ["Alpha \(tok)", "Gamma \(tok)", "Epsilon \(tok) \(tok)", "Eta \(tok)"],
            "a title match ranks above any synopsis match, however often the word: \(whole)")
        var paged: [String] = []
        var cursor: String? = nil
        repeat {
            let path = "/api/catalog/films?q=\(tok)&limit=2" + (cursor.map { "&cursor=\($0)" } ?? "")
            let reply = try await APIClient().get(path, headers: ["Cache-Control": "no-cache"])
            #expect(reply.status == 200, "\(reply.text)")
            // The first page counts in its ranking scan; the later ones carry that count.
            #expect(reply.json["total"] as? Int == films.count, "\(reply.text)")
            paged += (reply.json["items"] as? [[String: Any]] ?? []).compactMap { $0["title"] as? String }
            cursor = reply.json["nextCursor"] as? String
        } while cursor != nil && paged.count < 2 * films.count
        #expect(paged == whole)
    }

    @Test("public responses carry ETag and Cache-Control; a conditional request gets 304 until the film changes")
    func caching() async throws {
        let admin = try await fixtures.admin()
        let tok = Self.token()
        let id = try await film(admin, ["title": "Cache \(tok)"])
        let first = try await APIClient().get("/api/catalog/films/\(id)")
        let etag = try #require(first.headers.first(name: "etag"))
        #expect(first.headers.first(name: "cache-control")?.contains("max-age") == true)
        #expect(try await APIClient().get("/api/catalog/films/\(id)", headers: ["If-None-Match": etag]).status == 304)
        _ = try await send(admin, .PATCH, "/api/catalog/films/\(id)", ["synopsis": "Nouveau résumé."])
        let changed = try await APIClient().get("/api/catalog/films/\(id)", headers: ["If-None-Match": etag])
        #expect(changed.status == 200)
        #expect(changed.headers.first(name: "etag") != etag)
        let list = try await APIClient().get("/api/catalog/films?q=\(tok)")
        let listTag = try #require(list.headers.first(name: "etag"))
        #expect(
            try await APIClient().get("/api/catalog/films?q=\(tok)", headers: ["If-None-Match": listTag]).status == 304)
    }

    @Test("favourites, lists and history belong to their owner; private lists are readable only with the share link")
    func personalPermissions() async throws {
        let admin = try await fixtures.admin()
        let tok = Self.token()
        let one = try await film(admin, ["title": "Un \(tok)"])
        let two = try await film(admin, ["title": "Deux \(tok)"])
        let (alice, _) = try await fixtures.newUser()
        let (bob, _) = try await fixtures.newUser()
        #expect(try await send(alice, .PUT, "/api/catalog/me/favourites/\(one)", [:]).status == 204)
        #expect(try await send(alice, .PUT, "/api/catalog/me/favourites/\(UUID())", [:]).status == 404)
        let favourites = try await alice.get("/api/catalog/me/favourites").json["items"] as? [[String: Any]]
        #expect(favourites?.compactMap { $0["id"] as? String } == [one])
        #expect((try await bob.get("/api/catalog/me/favourites").json["items"] as? [Any])?.isEmpty == true)

        let list = try await alice.post("/api/catalog/lists", ["name": "À voir"])
        #expect(list.status == 201)
        let listID = try #require(list.json["id"] as? String)
        let share = try #require(list.json["shareToken"] as? String)
        let filled = try await send(alice, .PUT, "/api/catalog/lists/\(listID)/films", ["filmIds": [two, one]])
        #expect((filled.json["films"] as? [[String: Any]])?.compactMap { $0["id"] as? String } == [two, one])
        #expect(try await bob.get("/api/catalog/lists/\(listID)").status == 404)
        #expect(try await APIClient().get("/api/catalog/lists/\(listID)").status == 404)
        #expect(try await bob.get("/api/catalog/lists/\(listID)?share=wrong").status == 404)
        let shared = try await bob.get("/api/catalog/lists/\(listID)?share=\(share)")
        #expect(shared.status == 200 && shared.json["shareToken"] == nil)
        #expect(try await send(bob, .PATCH, "/api/catalog/lists/\(listID)", ["isPublic": true]).status == 404)
        #expect(try await send(bob, .PUT, "/api/catalog/lists/\(listID)/films", ["filmIds": [one]]).status == 404)
        #expect(try await bob.send(.DELETE, "/api/catalog/lists/\(listID)", body: nil).status == 404)
        let renamed = try await send(
            alice, .PATCH, "/api/catalog/lists/\(listID)", ["name": "Ce soir", "isPublic": true])
        #expect(renamed.json["name"] as? String == "Ce soir")
        #expect(try await APIClient().get("/api/catalog/lists/\(listID)").status == 200)

        let entry = try await alice.post("/api/catalog/me/history", ["filmId": one])
        #expect(entry.status == 201)
        let entryID = try #require(entry.json["id"] as? String)
        let history = try await alice.get("/api/catalog/me/history").json["items"] as? [[String: Any]]
        #expect(history?.contains { $0["id"] as? String == entryID } == true)
        #expect(try await bob.send(.DELETE, "/api/catalog/me/history/\(entryID)", body: nil).status == 404)
        #expect(try await alice.send(.DELETE, "/api/catalog/me/history/\(entryID)", body: nil).status == 204)
    }

    @Test("recommendations leave out what the user has seen and say why")
    func recommendations() async throws {
        let admin = try await fixtures.admin()
        let tok = Self.token()
        let genre = "Genre\(tok)"
        let seen = try await film(admin, ["title": "Vu \(tok)", "genres": [genre]])
        let similar = try await film(admin, ["title": "Pareil \(tok)", "genres": [genre]])
        let (user, _) = try await fixtures.newUser()
        #expect(try await user.post("/api/catalog/me/history", ["filmId": seen]).status == 201)
        let items =
            try await user.get("/api/catalog/me/recommendations?limit=50").json["items"] as? [[String: Any]] ?? []
        let ids = items.compactMap { ($0["film"] as? [String: Any])?["id"] as? String }
        #expect(!ids.contains(seen))
        let match = try #require(items.first { ($0["film"] as? [String: Any])?["id"] as? String == similar })
        #expect(match["because"] as? String == "Because you watched Vu \(tok) (genre \(genre.lowercased()))")
        let reasons = match["reasons"] as? [[String: Any]] ?? []
        #expect(reasons.first?["kind"] as? String == "similar-to")
        #expect(reasons.first?["filmId"] as? String == seen)
    }
}
