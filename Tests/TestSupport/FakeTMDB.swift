import Foundation
import Hummingbird
import NIOCore

/// A local stand-in for TMDB's API v3 (https://developer.themoviedb.org/reference) returning
/// TMDB-shaped JSON: `GET /3/search/movie` and `GET /3/movie/{id}` (with
/// `append_to_response=credits,release_dates,videos,keywords,translations`). Authentication as TMDB
/// does it: `api_key` query parameter or a Bearer token; a wrong key gets TMDB's 401 body
/// (`status_code` 7). `throttle(n)` answers the next n requests 429 with `Retry-After: 1`.
public actor FakeTMDB {
    public private(set) var requests: [String] = []
    private var movies: [Int: [String: Any]] = [:]
    private var throttled = 0
    /// The start-up, shared by concurrent callers of `start` (the port it bound).
    private var server: Task<Int, any Error>?
    public private(set) var port = 0
    public nonisolated let apiKey: String

    public static let shared = FakeTMDB(apiKey: TestEnvironment.tmdbKey)

    public init(apiKey: String = "test-tmdb-key") {
        self.apiKey = apiKey
    }

    public var baseURL: String { "http://127.0.0.1:\(port)" }

    public func start(port wanted: Int = 0) async throws {
        if let server {
            _ = try await server.value
            return
        }
        for movie in [Self.amelie, Self.sparse] { movies[movie["id"] as? Int ?? 0] = movie }
        let router = Router()
        router.get("/3/search/movie") { request, _ in await self.search(request) }
        router.get("/3/movie/:id") { request, context in
            await self.movie(request, id: Int(context.parameters.get("id") ?? "") ?? 0)
        }
        let launching = Task { try await launch(router, port: wanted).port }
        server = launching
        port = try await launching.value
    }

    /// Adds (or replaces) a movie, in TMDB's `/3/movie/{id}` shape.
    public func add(_ movie: [String: Any]) { movies[movie["id"] as? Int ?? 0] = movie }

    public func throttle(_ count: Int) { throttled = count }

    private func authorised(_ request: Request) -> Response? {
        requests.append(request.uri.path)
        let key = request.uri.queryParameters["api_key"].map(String.init)
        let bearer = request.headers[.authorization].map { String($0.dropFirst("Bearer ".count)) }
        guard key == apiKey || bearer == apiKey else {
            return Self.json(
                401,
                [
                    "status_code": 7, "status_message": "Invalid API key: You must be granted a valid key.",
                    "success": false,
                ])
        }
        if throttled > 0 {
            throttled -= 1
            var response = Self.json(
                429, ["status_code": 25, "status_message": "Your request count is over the allowed limit."])
            response.headers[.retryAfter] = "1"
            return response
        }
        return nil
    }

    private func search(_ request: Request) -> Response {
        if let refusal = authorised(request) { return refusal }
        let query = (request.uri.queryParameters["query"].map(String.init) ?? "").lowercased()
        let results = movies.values.filter { ($0["title"] as? String ?? "").lowercased().contains(query) }.map {
            movie in
            [
                "id": movie["id"] ?? 0, "title": movie["title"] ?? NSNull(),
                "original_title": movie["original_title"] ?? NSNull(),
                "release_date": movie["release_date"] ?? "", "overview": movie["overview"] ?? "",
                "poster_path": movie["poster_path"] ?? NSNull(), "popularity": movie["popularity"] ?? 0,
                "vote_average": movie["vote_average"] ?? 0, "genre_ids": [] as [Int], "adult": false,
            ] as [String: Any]
        }
        return Self.json(200, ["page": 1, "results": results, "total_pages": 1, "total_results": results.count])
    }

    private func movie(_ request: Request, id: Int) -> Response {
        if let refusal = authorised(request) { return refusal }
        guard let movie = movies[id] else {
            return Self.json(
                404,
                [
                    "status_code": 34, "status_message": "The resource you requested could not be found.",
                    "success": false,
                ])
        }
        return Self.json(200, movie)
    }

    static func json(_ status: Int, _ object: [String: Any]) -> Response {
        let body = (try? JSONSerialization.data(withJSONObject: object)) ?? Data()
        return Response(
            status: .init(code: status), headers: [.contentType: "application/json;charset=utf-8"],
            body: .init(byteBuffer: ByteBuffer(data: body)))
    }

    /// A realistic full payload (trimmed), as `/3/movie/194?language=fr-FR&append_to_response=…` answers.
    public static var amelie: [String: Any] {
        [
            "adult": false, "backdrop_path": "/8cmhD1FYGyNXmoYfbhXIaPF2ilA.jpg", "budget": 10_000_000,
            "genres": [["id": 35, "name": "Comédie"], ["id": 10749, "name": "Romance"]],
            "homepage": "", "id": 194, "imdb_id": "tt0211915", "original_language": "fr",
            "original_title": "Le Fabuleux Destin d'Amélie Poulain",
            "overview":
                "Amélie, une jeune serveuse dans un bar de Montmartre, passe son temps à observer les gens et à laisser son imagination divaguer.",
            "popularity": 41.37, "poster_path": "/vZ9NhNbQQ3yhtiC5sbhpy5KTXns.jpg",
            "release_date": "2001-04-25", "runtime": 122, "status": "Released", "tagline": "Elle va changer votre vie.",
            "title": "Le Fabuleux Destin d'Amélie Poulain", "video": false, "vote_average": 7.893, "vote_count": 11_213,
            "spoken_languages": [["english_name": "French", "iso_639_1": "fr", "name": "Français"]],
            "credits": [
                "cast": [
                    ["adult": false, "id": 3_035, "name": "Audrey Tautou", "character": "Amélie Poulain", "order": 0],
                    [
                        "adult": false, "id": 2_410, "name": "Mathieu Kassovitz", "character": "Nino Quincampoix",
                        "order": 1,
                    ],
                    ["adult": false, "id": 2_412, "name": "Rufus", "character": "Raphaël Poulain", "order": 2],
                ],
                "crew": [
                    ["id": 2_419, "name": "Jean-Pierre Jeunet", "job": "Director", "department": "Directing"],
                    ["id": 2_423, "name": "Yann Tiersen", "job": "Original Music Composer", "department": "Sound"],
                    ["id": 9_999, "name": "Someone", "job": "Catering", "department": "Crew"],
                ],
            ],
            "release_dates": [
                "results": [
                    [
                        "iso_3166_1": "US",
                        "release_dates": [
                            ["certification": "R", "type": 3, "release_date": "2001-11-02T00:00:00.000Z"]
                        ],
                    ],
                    [
                        "iso_3166_1": "FR",
                        "release_dates": [
                            ["certification": "U", "type": 3, "release_date": "2001-04-25T00:00:00.000Z", "note": ""]
                        ],
                    ],
                ]
            ],
            "videos": [
                "results": [
                    [
                        "iso_639_1": "fr", "name": "Bande-annonce", "key": "HUECWi5pX7o", "site": "YouTube",
                        "type": "Trailer", "official": true,
                    ],
                    [
                        "iso_639_1": "fr", "name": "Extrait", "key": "abc", "site": "YouTube", "type": "Clip",
                        "official": true,
                    ],
                ]
            ],
            "keywords": ["keywords": [["id": 90, "name": "paris"], ["id": 1_263, "name": "montmartre"]]],
            "translations": [
                "translations": [
                    [
                        "iso_3166_1": "US", "iso_639_1": "en", "name": "English", "english_name": "English",
                        "data": [
                            "title": "Amélie",
                            "overview":
                                "At a tiny Parisian café, the adorable yet painfully shy Amélie accidentally discovers a gift for helping others.",
                            "runtime": 122,
                        ],
                    ]
                ]
            ],
        ]
    }

    /// A payload with most fields missing or null, as TMDB returns for obscure titles.
    public static var sparse: [String: Any] {
        [
            "id": 999_001, "title": "Un été sans nom", "original_title": NSNull(), "overview": NSNull(), "runtime": 0,
            "release_date": "", "genres": [] as [Any], "poster_path": NSNull(), "popularity": 0.6,
            "credits": ["cast": [] as [Any], "crew": [] as [Any]], "release_dates": ["results": [] as [Any]],
        ]
    }
}
