import Foundation
import NIOHTTP1
import TestSupport
import Testing

/// Staff editing of the catalogue through the gateway: categories renamed and moved in their tree,
/// cast and trailers edited by hand (kept by TMDB re-syncs).
@Suite("Catalogue editing", .enabled(if: TestEnvironment.isAvailable))
struct CatalogEditTests {
    let fixtures = Fixtures()

    static func token() -> String {
        "zq" + String(UUID().uuidString.lowercased().filter(\.isLetter).prefix(8))
    }

    func send(_ client: APIClient, _ method: HTTPMethod, _ path: String, _ body: [String: Any]) async throws
        -> APIClient.Reply
    {
        try await client.send(method, path, body: try JSONSerialization.data(withJSONObject: body))
    }

    func category(_ admin: APIClient, _ name: String, parent: String? = nil) async throws -> (id: String, slug: String)
    {
        var body: [String: Any] = ["name": name, "kind": "collection"]
        if let parent { body["parentId"] = parent }
        let reply = try await admin.post("/api/catalog/categories", body)
        guard reply.status == 201, let id = reply.json["id"] as? String, let slug = reply.json["slug"] as? String else {
            throw TestFailure("category: \(reply.status) \(reply.text)")
        }
        return (id, slug)
    }

    func fields(_ reply: APIClient.Reply) -> Set<String> {
        Set((reply.json["errors"] as? [[String: Any]] ?? []).compactMap { $0["field"] as? String })
    }

    @Test(
        "PATCH /categories/{id} renames, re-slugs and moves a category; cycles, unknown parents and taken slugs are refused"
    )
    func categoryPatch() async throws {
        let admin = try await fixtures.admin()
        let tok = Self.token()
        let festival = try await category(admin, "Festival \(tok)")
        let kids = try await category(admin, "Kids \(tok)", parent: festival.id)
        let toddlers = try await category(admin, "Toddlers \(tok)", parent: kids.id)
        let other = try await category(admin, "Other \(tok)")
        let path = "/api/catalog/categories/\(kids.id)"
        // The public list is cached by the gateway: fill the cache first, the edit must drop it.
        #expect(try await APIClient().get("/api/catalog/categories").status == 200)

        let renamed = try await send(admin, .PATCH, path, ["name": "Enfants \(tok)"])
        #expect(renamed.status == 200)
        #expect(renamed.json["name"] as? String == "Enfants \(tok)")
        #expect(renamed.json["slug"] as? String == kids.slug)  // the slug stays unless given
        #expect(renamed.json["parentId"] as? String == festival.id)
        #expect(renamed.json["filmCount"] as? Int == 0)

        let moved = try await send(admin, .PATCH, path, ["parentId": other.id, "slug": "enfants-\(tok)"])
        #expect(moved.status == 200)
        #expect(moved.json["parentId"] as? String == other.id)
        #expect(moved.json["slug"] as? String == "enfants-\(tok)")
        let list = try await APIClient().get("/api/catalog/categories")
        let listed = (list.json["items"] as? [[String: Any]] ?? []).first { $0["id"] as? String == kids.id }
        #expect(listed?["name"] as? String == "Enfants \(tok)")
        #expect(listed?["parentId"] as? String == other.id)

        let root = try await send(admin, .PATCH, path, ["parentId": NSNull()])
        #expect(root.status == 200)
        #expect(root.json["parentId"] == nil)

        // Itself or a descendant as parent: a cycle.
        let selfParent = try await send(admin, .PATCH, path, ["parentId": kids.id])
        #expect(selfParent.status == 422)
        #expect(fields(selfParent) == ["parentId"])
        let below = try await send(admin, .PATCH, path, ["parentId": toddlers.id])
        #expect(below.status == 422)
        #expect(below.text.contains("would make a cycle"))
        let unknown = try await send(admin, .PATCH, path, ["parentId": UUID().uuidString])
        #expect(unknown.status == 422)
        #expect(unknown.text.contains("is not a category"))
        // Every invalid field at once.
        let bad = try await send(admin, .PATCH, path, ["name": "", "slug": "Not A Slug"])
        #expect(bad.status == 422)
        #expect(fields(bad) == ["name", "slug"])
        let stranger = try await send(admin, .PATCH, path, ["colour": "red", "name": 12])
        #expect(stranger.status == 422)
        #expect(fields(stranger) == ["colour", "name"])
        #expect(fields(try await send(admin, .PATCH, path, ["parentId": 12])) == ["parentId"])
        let taken = try await send(admin, .PATCH, path, ["slug": festival.slug])
        #expect(taken.status == 409)
        #expect(taken.json["code"] as? String == "slug-taken")
        // Nothing of the refused edits was applied.
        let after = try await send(admin, .PATCH, path, [:])
        #expect(after.json["slug"] as? String == "enfants-\(tok)")
        #expect(after.json["parentId"] == nil)

        #expect(try await send(admin, .PATCH, "/api/catalog/categories/\(UUID())", ["name": "x"]).status == 404)
        let (user, _) = try await fixtures.newUser()
        #expect(try await send(user, .PATCH, path, ["name": "Mine"]).status == 403)
    }

    @Test(
        "PATCH /films/{id} sets cast and trailers by hand: validated field by field, searchable, kept by a TMDB re-sync"
    )
    func castAndTrailers() async throws {
        try await FakeTMDB.shared.start(port: TestEnvironment.tmdbPort)
        let tmdbId = Int.random(in: 5_000_000...9_000_000)
        let tok = Self.token()
        var movie = FakeTMDB.amelie
        movie["id"] = tmdbId
        movie["title"] = "Amélie \(tok)"
        await FakeTMDB.shared.add(movie)
        let admin = try await fixtures.admin()
        let imported = try await admin.post("/api/catalog/tmdb/imports", ["tmdbId": tmdbId])
        #expect(imported.status == 201)
        let id = try #require(imported.json["id"] as? String)
        let path = "/api/catalog/films/\(id)"
        let cast: [[String: Any]] = [
            ["name": "Personne \(tok)", "character": "Le guide"],
            ["name": "Audrey Tautou", "personId": 3035, "order": 5],
        ]
        let trailers: [[String: Any]] = [
            ["site": "Vimeo", "key": "76979871", "name": "Teaser", "language": "en"]
        ]
        let edited = try await send(admin, .PATCH, path, ["cast": cast, "trailers": trailers])
        #expect(edited.status == 200)
        let editedCast = edited.json["cast"] as? [[String: Any]] ?? []
        #expect(editedCast.compactMap { $0["name"] as? String } == ["Personne \(tok)", "Audrey Tautou"])
        #expect(editedCast.compactMap { $0["order"] as? Int } == [0, 5])  // by default its position
        #expect(editedCast.last?["personId"] as? Int == 3035)
        #expect((edited.json["trailers"] as? [[String: Any]])?.first?["key"] as? String == "76979871")
        let edits = Set(edited.json["localEdits"] as? [String] ?? [])
        #expect(edits.isSuperset(of: ["cast", "trailers"]))

        // A re-sync keeps them; with overwrite TMDB's come back.
        let synced = try await admin.post(path + "/sync", [:])
        #expect(synced.status == 200)
        #expect((synced.json["cast"] as? [[String: Any]])?.count == 2)
        #expect((synced.json["trailers"] as? [[String: Any]])?.first?["site"] as? String == "Vimeo")
        // The people of the search document follow the hand-typed cast.
        #expect(try await admin.post(path + "/publish", [:]).status == 200)
        let found = try await APIClient().get("/api/catalog/films?q=personne%20\(tok)")
        #expect((found.json["items"] as? [[String: Any]])?.first?["id"] as? String == id)
        let overwritten = try await admin.post(path + "/sync?overwrite=true", [:])
        #expect(overwritten.status == 200)
        #expect((overwritten.json["cast"] as? [[String: Any]])?.count == 3)
        #expect((overwritten.json["trailers"] as? [[String: Any]])?.first?["key"] as? String == "HUECWi5pX7o")
        #expect((overwritten.json["localEdits"] as? [String])?.contains("cast") == false)

        // Every invalid entry named at once, nothing applied.
        let bad = try await send(
            admin, .PATCH, path,
            [
                "cast": [["name": " ", "order": -1], ["name": "Ok"]],
                "trailers": [["site": "Dailymotion", "key": "a b", "name": "T", "language": "French"]],
            ])
        #expect(bad.status == 422)
        #expect(
            fields(bad) == [
                "cast[0].name", "cast[0].order", "trailers[0].site", "trailers[0].key", "trailers[0].language",
            ])
        let missing = try await send(admin, .PATCH, path, ["trailers": [["site": "YouTube"]]])
        #expect(missing.status == 422)
        #expect(fields(missing).contains("trailers[0].key"))
        #expect((try await admin.get(path).json["cast"] as? [[String: Any]])?.count == 3)
    }

    @Test("POST /films/sync re-syncs every imported film, keeps hand edits and lists the films that failed with why")
    func syncAll() async throws {
        try await FakeTMDB.shared.start(port: TestEnvironment.tmdbPort)
        let admin = try await fixtures.admin()
        let tok = Self.token()
        let keptTMDB = Int.random(in: 5_000_000...6_999_999)
        let brokenTMDB = Int.random(in: 7_000_000...9_000_000)
        var ids: [String] = []
        for (tmdbId, title) in [(keptTMDB, "Sync kept \(tok)"), (brokenTMDB, "Sync broken \(tok)")] {
            var movie = FakeTMDB.amelie
            movie["id"] = tmdbId
            movie["title"] = title
            await FakeTMDB.shared.add(movie)
            let imported = try await admin.post("/api/catalog/tmdb/imports", ["tmdbId": tmdbId])
            ids.append(try #require(imported.json["id"] as? String))
        }
        let (kept, broken) = (ids[0], ids[1])
        // TMDB changes the film's popularity, and now has a title too long for the other one; staff edited
        // the first one's title.
        var changed = FakeTMDB.amelie
        changed["id"] = keptTMDB
        changed["title"] = "Renamed upstream \(tok)"
        changed["popularity"] = 99.5
        await FakeTMDB.shared.add(changed)
        var spoiled = FakeTMDB.amelie
        spoiled["id"] = brokenTMDB
        spoiled["title"] = String(repeating: "x", count: 300)
        await FakeTMDB.shared.add(spoiled)
        let body = try JSONSerialization.data(withJSONObject: ["title": "Hand title \(tok)"])
        #expect(try await admin.send(.PATCH, "/api/catalog/films/\(kept)", body: body).status == 200)

        let reply = try await admin.post("/api/catalog/films/sync", ["overwrite": false])
        #expect(reply.status == 200)
        let failed = reply.json["failed"] as? [[String: Any]] ?? []
        let mine = failed.first { $0["id"] as? String == broken }
        #expect(mine?["title"] as? String == "Sync broken \(tok)")
        #expect((mine?["detail"] as? String)?.contains("title") == true)
        #expect(failed.contains { $0["id"] as? String == kept } == false)
        #expect((reply.json["synced"] as? Int ?? 0) >= 1)
        let film = try await admin.get("/api/catalog/films/\(kept)")
        #expect(film.json["title"] as? String == "Hand title \(tok)")
        #expect(film.json["popularity"] as? Double == 99.5)

        // No body is fine; a wrong one is named; staff only.
        #expect(try await admin.send(.POST, "/api/catalog/films/sync", body: nil).status == 200)
        let bad = try await admin.post("/api/catalog/films/sync", ["overwrite": "yes", "all": true])
        #expect(bad.status == 422)
        #expect(fields(bad) == ["overwrite", "all"])
        let (user, _) = try await fixtures.newUser()
        #expect(try await user.post("/api/catalog/films/sync", [:]).status == 403)
    }
}
