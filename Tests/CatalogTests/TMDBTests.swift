import Foundation
import Logging
import ServiceKit
import TestSupport
import Testing

@testable import Catalog

/// The TMDB adapter against a local HTTP server speaking TMDB's wire format.
@Suite("TMDB client and mapping")
struct TMDBTests {
    func client(_ fake: FakeTMDB, key: String? = nil, rate: Double = 40) async -> TMDBClient {
        TMDBClient(
            config: TMDBConfig(
                baseURL: await fake.baseURL, apiKey: key ?? fake.apiKey, ratePerSecond: rate, imageURL: "https://img/",
                syncIntervalMinutes: 60), logger: Logger(label: "test"))
    }

    func movie(_ object: [String: Any]) throws -> TMDBMovie {
        try TMDBClient.decoder.decode(TMDBMovie.self, from: JSONSerialization.data(withJSONObject: object))
    }

    @Test(
        "a realistic TMDB payload maps every field: French certification and release, English synopsis, people, trailers"
    )
    func mapping() throws {
        let film = TMDBMapping.film(from: try movie(FakeTMDB.amelie), updating: nil, overwrite: true)
        #expect(film.tmdbId == 194)
        #expect(film.title == "Le Fabuleux Destin d'Amélie Poulain")
        #expect(film.runtimeMinutes == 122)
        #expect(film.releaseDate == "2001-04-25")
        #expect(film.certification == "U")
        #expect(film.genres == ["Comédie", "Romance"])
        #expect(film.keywords == ["paris", "montmartre"])
        #expect(film.synopsis.hasPrefix("Amélie, une jeune serveuse"))
        #expect(film.synopsisEn.hasPrefix("At a tiny Parisian café"))
        #expect(film.originalLanguage == "fr" && film.spokenLanguages == ["fr"])
        #expect(film.cast.map(\.name) == ["Audrey Tautou", "Mathieu Kassovitz", "Rufus"])
        #expect(film.crew.map(\.job).sorted() == ["Director", "Original Music Composer"])  // no catering
        #expect(film.trailers == [.init(site: "YouTube", key: "HUECWi5pX7o", name: "Bande-annonce", language: "fr")])
        #expect(film.posterPath == "/vZ9NhNbQQ3yhtiC5sbhpy5KTXns.jpg")
        #expect(film.rating == 7.9 && film.voteCount == 11_213)
        let images = ImageLinks(base: "https://image.tmdb.org/t/p/").decorate(film).images
        #expect(images?.poster["w342"] == "https://image.tmdb.org/t/p/w342/vZ9NhNbQQ3yhtiC5sbhpy5KTXns.jpg")
        #expect(images?.backdrop.count == ImageLinks.backdropSizes.count)
    }

    @Test("missing and null fields give a draft with an unknown runtime, never a crash")
    func sparsePayload() throws {
        let film = TMDBMapping.film(from: try movie(FakeTMDB.sparse), updating: nil, overwrite: true)
        #expect(film.title == "Un été sans nom")
        #expect(film.runtimeMinutes == 0 && film.status == "draft")
        #expect(film.releaseDate == nil && film.certification == nil && film.posterPath == nil)
        #expect(film.cast.isEmpty && film.genres.isEmpty)
        #expect(throws: Never.self) { try FilmEdit.validate(film) }
        var published = film
        published.status = "published"
        #expect(throws: AppError.self) { try FilmEdit.validate(published) }
    }

    @Test("a re-sync keeps fields staff edited by hand, unless told to overwrite")
    func localEdits() throws {
        var edited = TMDBMapping.film(from: try movie(FakeTMDB.amelie), updating: nil, overwrite: true)
        edited.title = "Amélie (version restaurée)"
        edited.localEdits = ["title"]
        edited.audioLanguages = ["fr"]
        let kept = TMDBMapping.film(from: try movie(FakeTMDB.amelie), updating: edited, overwrite: false)
        #expect(kept.title == "Amélie (version restaurée)")
        #expect(kept.audioLanguages == ["fr"])  // local-only field, never synced
        #expect(kept.id == edited.id)
        let overwritten = TMDBMapping.film(from: try movie(FakeTMDB.amelie), updating: edited, overwrite: true)
        #expect(overwritten.title == "Le Fabuleux Destin d'Amélie Poulain")
    }

    @Test("search and movie over HTTP; 404, a wrong key and an unreachable TMDB are told apart")
    func client() async throws {
        let fake = FakeTMDB()
        try await fake.start()
        let tmdb = await client(fake)
        let page = try await tmdb.search("amélie", year: 2001)
        #expect(page.results?.first?.id == 194)
        #expect(try await tmdb.movie(194).credits?.cast?.count == 3)
        await #expect(throws: TMDBError.notFound(424_242)) { try await tmdb.movie(424_242) }
        await #expect(throws: TMDBError.keyRejected) { try await client(fake, key: "wrong").movie(194) }
        let down = TMDBClient(
            config: TMDBConfig(
                baseURL: "http://127.0.0.1:1", apiKey: "k", ratePerSecond: 40, imageURL: "", syncIntervalMinutes: 1,
                timeoutSeconds: 1),
            logger: Logger(label: "test"))
        do {
            _ = try await down.movie(194)
            Issue.record("an unreachable TMDB must fail")
        } catch let error as TMDBError {
            if case .unreachable = error {
                #expect(error.appError.status == .serviceUnavailable)
            } else {
                Issue.record("expected unreachable, got \(error)")
            }
        }
        #expect(TMDBError.keyRejected.appError.code == "tmdb-key-rejected")
        await #expect(throws: TMDBError.notConfigured) { try await client(fake, key: "").movie(194) }
    }

    @Test("a 429 is waited out as Retry-After says, then the request succeeds")
    func rateLimited() async throws {
        let fake = FakeTMDB()
        try await fake.start()
        await fake.throttle(2)
        let start = ContinuousClock.now
        let movie = try await client(fake).movie(194)
        #expect(movie.id == 194)
        #expect(ContinuousClock.now - start >= .seconds(2))  // two Retry-After: 1
        #expect(await fake.requests.count == 3)
        await fake.throttle(10)
        await #expect(throws: TMDBError.rateLimited(retryAfter: 1)) { try await client(fake).movie(194) }
    }
}

@Suite("search parameters and recommendations")
struct DiscoveryUnitTests {
    @Test("recommendations exclude seen films and explain themselves")
    func ranking() {
        var seen = Film.draft(title: "Vu", runtimeMinutes: 100)
        seen.genres = ["Drame"]
        seen.cast = [.init(personId: 7, name: "Isabelle Huppert", character: nil, order: 0)]
        var sameActor = Film.draft(title: "Même actrice", runtimeMinutes: 100)
        sameActor.cast = [.init(personId: 7, name: "Isabelle Huppert", character: nil, order: 1)]
        var sameGenre = Film.draft(title: "Même genre", runtimeMinutes: 100)
        sameGenre.genres = ["drame"]
        let unrelated = Film.draft(title: "Rien à voir", runtimeMinutes: 100)
        var genreOnly = Film.draft(title: "Drame aussi", runtimeMinutes: 100)
        genreOnly.genres = ["Drame", "Comédie"]
        let soonOnly = Film.draft(title: "Bientôt", runtimeMinutes: 100)
        let profile = Recommendations.Profile(
            liked: [seen], seen: [seen.id], alsoBooked: [unrelated.id: 1],
            showingSoon: [sameGenre.id: .now, soonOnly.id: .now])
        let ranked = Recommendations.rank([seen, soonOnly, sameActor, sameGenre, unrelated, genreOnly], profile)
        #expect(!ranked.contains { $0.film.id == seen.id })
        // Scores: shared top-billed actor 4, shared genre 2 + showing soon 1.5, one co-booking 2 (then
        // popularity), shared genre 2, merely showing soon 1.5: a film like the one watched always
        // ranks above one that is only on the programme.
        let titles = ranked.map(\.film.title)
        #expect(Array(titles.prefix(2)) == ["Même actrice", "Même genre"])
        #expect(Set(titles.dropFirst(2).prefix(2)) == ["Rien à voir", "Drame aussi"])
        #expect(titles.last == "Bientôt")
        #expect(ranked[0].because == "Because you watched Vu (with Isabelle Huppert)")
        #expect(ranked[1].reasons.map(\.kind) == ["similar-to", "showing-soon"])
        #expect(ranked[1].reasons.first?.detail == "genre drame")
        #expect(ranked.first { $0.film.title == "Rien à voir" }?.reasons.first?.kind == "also-booked")
    }
}
