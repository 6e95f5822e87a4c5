import Foundation
import ServiceKit
import TestSupport
import Testing

@testable import Catalog

@Suite("catalog")
struct CatalogTests {
    @Test("the OpenAPI document lists exactly the routes catalog serves")
    func openAPIMatchesRoutes() throws {
        let (documented, served) = try RouteContract.compare(
            try CatalogService.blueprint(reader: ConfigReaderFactory.make([:])))
        #expect(documented == served)
        #expect(served.contains("GET /films/{id}"))
    }

    @Test("the README's HTTP section names every route of the OpenAPI document")
    func readmeNamesEveryRoute() throws {
        let documented = try CatalogService.blueprint(reader: ConfigReaderFactory.make([:])).openAPI.operations()
        #expect(documented.subtracting(try ReadmeRoutes.named(inReadmeOf: "catalog")).sorted() == [])
    }

    @Test("a search cursor reads its key, id and count from the right: keys may hold its separator")
    func searchCursor() throws {
        let id = UUID()
        for key in ["plain", "a|b", "|", "", "0.1", "12|\(UUID().uuidString)"] {
            for total in [nil, 0, 7, FilmSearch.countLimit + 1] {
                let cursor = FilmSearch.Cursor(key: key, id: id, total: total)
                #expect(try FilmSearch.Cursor(cursor.text) == cursor, "\(cursor.text)")
            }
        }
        // The last version's cursors (`key|id`) are counted again.
        #expect(try FilmSearch.Cursor("title|\(id.uuidString)") == FilmSearch.Cursor(key: "title", id: id, total: nil))
        // A count out of range is not a count: the id before it is then no id.
        #expect(throws: AppError.self) { try FilmSearch.Cursor("k|\(id.uuidString)|99999") }
        for bad in ["", "x", "x|y", "x|-1", "\(id.uuidString)"] {
            #expect(throws: AppError.self) { try FilmSearch.Cursor(bad) }
        }
    }

    @Test("a film and a search page written as JSON text are the bytes their Codable encoding makes")
    func filmJSONText() throws {
        var full = Film.draft(title: "Été \"1/2\" \n 電", runtimeMinutes: 101)
        full.tmdbId = 603
        full.originalTitle = "The / Matrix"
        full.synopsis = "Tab\there"
        full.releaseDate = "1999-03-31"
        full.certification = "12"
        full.genres = ["Action", "Science-Fiction"]
        full.keywords = ["ai"]
        full.originalLanguage = "en"
        full.spokenLanguages = ["en", "fr"]
        full.audioLanguages = ["fr"]
        full.subtitleLanguages = ["en"]
        full.formats = ["IMAX"]
        full.cast = [
            Film.CastMember(personId: 6384, name: "Keanu", character: "Neo", order: 0),
            Film.CastMember(personId: nil, name: "X", character: nil, order: 1),
        ]
        full.crew = [Film.CrewMember(personId: 9339, name: "Lana", job: "Director")]
        full.trailers = [Film.Trailer(site: "YouTube", key: "k", name: "Trailer", language: nil)]
        full.posterPath = "/p.jpg"
        full.backdropPath = "/b.jpg"
        full.popularity = 56.35
        full.rating = 8
        full.voteCount = 25_000
        full.categories = ["classics"]
        full.localEdits = ["title"]
        full.syncedAt = Date(timeIntervalSince1970: 1_700_000_000.75)
        full.publishedAt = Date(timeIntervalSince1970: -86_401)
        full.images = Film.Images(poster: ["w342": "/a", "original": "/b"], backdrop: [:], posterWebp: ["w342": "/c"])
        full.uploadedImages = [
            "poster": Film.UploadedImage(
                width: 10, height: 20,
                variants: [Film.UploadedImage.Variant(name: "w342", width: 342, format: .webp, bytes: 9)],
                uploadedAt: Date(timeIntervalSince1970: 1))
        ]
        let bare = Film.draft(title: "Bare", runtimeMinutes: 90)
        for film in [full, bare] {
            #expect(film.jsonText == Array(try JSONBody.encoder.encode(film)))
        }
        for result in [
            FilmSearch.Result(items: [full, bare], nextCursor: "abc", total: 2),
            FilmSearch.Result(items: [], nextCursor: nil, total: nil),
        ] {
            #expect(result.jsonText == Array(try JSONBody.encoder.encode(result)))
        }
    }

    @Test("film validation: title, runtime, release date, certification, languages, formats")
    func validation() {
        func check(_ change: (inout Film) -> Void) throws {
            var film = Film.draft(title: "Ok", runtimeMinutes: 90)
            change(&film)
            try FilmEdit.validate(film)
        }
        #expect(throws: AppError.self) { try check { $0.title = "" } }
        #expect(throws: AppError.self) { try check { $0.runtimeMinutes = 601 } }
        #expect(throws: AppError.self) {
            try check {
                $0.status = "published"
                $0.runtimeMinutes = 0
            }
        }
        #expect(throws: AppError.self) { try check { $0.releaseDate = "2024-13-45" } }
        #expect(throws: AppError.self) { try check { $0.certification = "PG-13" } }
        #expect(throws: AppError.self) { try check { $0.audioLanguages = ["french"] } }
        #expect(throws: AppError.self) { try check { $0.formats = ["8K"] } }
        #expect(throws: Never.self) {
            try check {
                $0.releaseDate = "2024-05-01"
                $0.certification = "12"
                $0.audioLanguages = ["fr", "en"]
                $0.formats = ["IMAX", "3D"]
                $0.runtimeMinutes = 0  // a draft may not know its runtime yet
            }
        }
        #expect(FilmEdit(runtimeMinutes: 0).problems(creating: false).map(\.field) == ["runtimeMinutes"])
    }

    @Test("a new film's problems are all reported at once, one per field")
    func allProblemsAtOnce() throws {
        let edit = FilmEdit(title: "", runtimeMinutes: 0, releaseDate: "soon")
        var film = Film.draft(title: "", runtimeMinutes: 0)
        edit.apply(to: &film)
        do {
            try FilmEdit.validate(film, after: edit.problems(creating: true))
            Issue.record("an empty title and a zero runtime were accepted")
        } catch let error as AppError {
            #expect(error.errors?.map(\.field) == ["runtimeMinutes", "title", "releaseDate"])
        }
        #expect(FilmEdit().problems(creating: true).map(\.field) == ["title", "runtimeMinutes"])
    }

    @Test("every event it publishes or consumes is in the AsyncAPI catalogue")
    func eventCatalogue() throws {
        let documented = try EventCatalogue.documentedTypes()
        let published: Set<String> = Set([FilmPublished.type, FilmUpdated.type, FilmArchived.type])
        let consumed = EventCatalogue.consumedTypes(try CatalogService.blueprint(reader: ConfigReaderFactory.make([:])))
        #expect(published.subtracting(documented).isEmpty, "undocumented: \(published.subtracting(documented))")
        #expect(consumed.subtracting(documented).isEmpty, "undocumented: \(consumed.subtracting(documented))")
    }
}
