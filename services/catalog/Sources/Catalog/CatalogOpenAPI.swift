import ServiceKit

/// catalog's OpenAPI document (served at /openapi.json; checked against the routes by a test).
enum CatalogOpenAPI {
    typealias B = OpenAPIBuilder

    static var document: OpenAPIDocument {
        var api = B(
            title: "Homestudio catalog",
            description: "Films (imported from TMDB or typed by staff), search and filters, categories, "
                + "favourites, lists, viewing history and recommendations.")
        api.schema("Film", film)
        films(&api)
        staff(&api)
        images(&api)
        personal(&api)
        return api.document
    }

    static let strings = B.array(B.string)

    /// Image URLs by size name (`w185`…, `original`).
    static let sizes: JSONValue = ["type": "object", "additionalProperties": B.string]

    static let film = B.object(
        [
            "id": B.uuid, "tmdbId": B.integer, "status": B.enumeration(["draft", "published", "archived"]),
            "title": B.string, "originalTitle": B.string, "synopsis": B.string, "synopsisEn": B.string,
            "runtimeMinutes": B.integer, "releaseDate": B.string, "certification": B.string, "genres": strings,
            "keywords": strings, "originalLanguage": B.string, "spokenLanguages": strings, "audioLanguages": strings,
            "subtitleLanguages": strings, "formats": strings,
            "cast": B.array(
                B.object(
                    ["personId": B.integer, "name": B.string, "character": B.string, "order": B.integer],
                    optional: ["personId", "character"])),
            "crew": B.array(
                B.object(["personId": B.integer, "name": B.string, "job": B.string], optional: ["personId"])),
            "trailers": B.array(
                B.object(
                    ["site": B.string, "key": B.string, "name": B.string, "language": B.string],
                    optional: ["language"])),
            "posterPath": B.string, "backdropPath": B.string, "popularity": B.number, "rating": B.number,
            "voteCount": B.integer, "categories": strings, "localEdits": strings, "syncedAt": B.dateTime,
            "publishedAt": B.dateTime, "createdAt": B.dateTime, "updatedAt": B.dateTime,
            "images": B.object([
                "poster": sizes, "backdrop": sizes, "posterWebp": sizes, "backdropWebp": sizes,
            ]),
        ], required: ["id", "status", "title", "runtimeMinutes", "genres"])

    static let searchPage = B.object(
        ["items": B.array(B.ref("Film")), "nextCursor": B.string, "total": B.integer], required: ["items"])

    static func query(_ name: String, _ description: String, _ schema: JSONValue = B.string) -> JSONValue {
        ["name": .string(name), "in": "query", "description": .string(description), "schema": schema]
    }

    static let searchParameters: [JSONValue] =
        B.paginationParameters + [
            query(
                "q",
                "full-text search (accents ignored, French and English stemming, word prefixes; \"a phrase\", or, -word excludes)"
            ),
            query("genre", "genres, comma-separated (any of)"),
            query("category", "category slugs (any of, with sub-categories)"),
            query("language", "audio languages, ISO 639-1 (any of)"), query("subtitles", "subtitle languages (any of)"),
            query("format", "2D, 3D, IMAX, 4DX, ScreenX, Dolby Atmos, Dolby Cinema, 70mm (any of)"),
            query("certification", "U, 10, 12, 16, 18 (any of)"), query("runtimeMin", "minutes", B.integer),
            query("runtimeMax", "minutes", B.integer), query("yearFrom", "release year", B.integer),
            query("yearTo", "release year", B.integer), query("ratingMin", "0 to 10", B.number),
            query("showingFrom", "YYYY-MM-DD: has a screening from this day"),
            query("showingTo", "YYYY-MM-DD: … to this day (inclusive)"),
            query("cinemaId", "cinema ids (any of): has a screening there"),
            query("version", "VF, VO, VOSTFR (any of): has a screening in this version"),
            query(
                "timeOfDay",
                "morning (5–12 h), afternoon (12–18 h), evening (18–22 h), night (22–5 h), local time (any of)"),
            query("accessibility", "wheelchair: has a screening in an auditorium with wheelchair places"),
            query("sort", "relevance (default with q), release, popularity, title (default)"),
            query("status", "draft or archived: staff only (films:write)"),
        ]

    static func films(_ api: inout B) {
        let cached = "Public, with ETag and Cache-Control (304 to If-None-Match)"
        api.operation(
            "GET", "/films", "Search and browse published films. \(cached)",
            responses: [200: searchPage, 304: nil], parameters: searchParameters)
        api.operation(
            "GET", "/films/{id}", "A published film (staff also see drafts). \(cached)",
            responses: [200: B.ref("Film"), 304: nil, 404: nil])
        api.operation(
            "GET", "/genres/{genre}/films", "Films of a genre (same filters). \(cached)",
            responses: [200: searchPage, 304: nil], parameters: searchParameters)
        api.operation(
            "GET", "/people/{personId}/films", "Films with a person (TMDB person id) in cast or crew. \(cached)",
            responses: [200: searchPage, 304: nil], parameters: searchParameters)
        api.operation(
            "GET", "/categories", "Genres and curated collections, nested by parentId. \(cached)",
            responses: [
                200: B.page(
                    of: B.object(
                        [
                            "id": B.uuid, "name": B.string, "slug": B.string,
                            "kind": B.enumeration(["genre", "collection"]),
                            "parentId": B.uuid, "filmCount": B.integer,
                        ], optional: ["parentId", "filmCount"])), 304: nil,
            ])
    }

    static func staff(_ api: inout B) {
        let editFields: [String: JSONValue] = [
            "status": B.enumeration(["draft", "published"]), "title": B.string, "originalTitle": B.string,
            "synopsis": B.string, "synopsisEn": B.string, "runtimeMinutes": B.integer, "releaseDate": B.string,
            "certification": B.string, "genres": strings, "keywords": strings, "originalLanguage": B.string,
            "audioLanguages": strings, "subtitleLanguages": strings, "formats": strings, "posterPath": B.string,
            "backdropPath": B.string,
            "cast": B.array(
                B.object(
                    ["name": B.string, "character": B.string, "personId": B.integer, "order": B.integer],
                    required: ["name"])),
            "trailers": B.array(
                B.object(
                    [
                        "site": B.enumeration(["YouTube", "Vimeo"]), "key": B.string, "name": B.string,
                        "language": B.string,
                    ], required: ["site", "key", "name"])),
        ]
        api.operation(
            "POST", "/films", "Create a film (films:write; a draft unless status is published)", secured: true,
            body: B.object(editFields, required: ["title", "runtimeMinutes"]), responses: [201: B.ref("Film")])
        api.operation(
            "PATCH", "/films/{id}",
            "Edit a film; an imported field edited by hand (cast and trailers included: each replaces the whole "
                + "list, a cast member's order defaults to its position) survives re-syncs (films:write)",
            secured: true, body: B.object(editFields), responses: [200: B.ref("Film"), 404: nil])
        api.operation(
            "POST", "/films/{id}/publish", "Publish (catalog.film.published)", secured: true,
            responses: [200: B.ref("Film"), 404: nil, 409: nil])
        api.operation(
            "POST", "/films/{id}/archive", "Archive (catalog.film.archived)", secured: true,
            responses: [200: B.ref("Film"), 404: nil, 409: nil])
        api.operation(
            "PUT", "/films/{id}/categories", "Set a film's categories (slugs)", secured: true,
            body: B.object(["categories": strings], required: ["categories"]),
            responses: [200: B.ref("Film"), 404: nil])
        api.operation(
            "POST", "/categories", "Create a category (films:write)", secured: true,
            body: B.object(
                [
                    "name": B.string, "slug": B.string, "kind": B.enumeration(["genre", "collection"]),
                    "parentId": B.uuid,
                ],
                required: ["name", "kind"]), responses: [201: nil, 409: nil])
        api.operation(
            "PATCH", "/categories/{id}",
            "Rename, re-slug and/or move a category (films:write; absent fields unchanged, the slug stays unless "
                + "given, parentId null makes it a root). 422 parentId when the new parent is unknown or the "
                + "category itself or one of its descendants (a cycle); 409 slug-taken.",
            secured: true,
            body: B.object([
                "name": B.string, "slug": B.string, "parentId": ["type": ["string", "null"], "format": "uuid"],
            ]),
            responses: [
                200: B.object(
                    [
                        "id": B.uuid, "name": B.string, "slug": B.string,
                        "kind": B.enumeration(["genre", "collection"]),
                        "parentId": B.uuid, "filmCount": B.integer,
                    ], optional: ["parentId", "filmCount"]), 404: nil, 409: nil, 422: nil,
            ])
        api.operation(
            "DELETE", "/categories/{id}", "Delete a category", secured: true, responses: [204: nil, 404: nil])
        api.operation(
            "GET", "/tmdb/search", "Search TMDB by title and year (films:write)", secured: true,
            responses: [
                200: B.page(
                    of: B.object(
                        [
                            "tmdbId": B.integer, "title": B.string, "originalTitle": B.string, "releaseDate": B.string,
                            "overview": B.string, "posterPath": B.string, "importedAs": B.uuid,
                        ], optional: ["originalTitle", "releaseDate", "overview", "posterPath", "importedAs"])),
                502: nil,
                503: nil,
            ],
            parameters: [query("query", "title"), query("year", "release year", B.integer)])
        api.operation(
            "POST", "/tmdb/imports", "Import a TMDB movie as a draft (409 if already imported)", secured: true,
            body: B.object(["tmdbId": B.integer], required: ["tmdbId"]),
            responses: [201: B.ref("Film"), 404: nil, 409: nil, 502: nil, 503: nil])
        api.operation(
            "POST", "/films/{id}/sync", "Re-sync from TMDB (?overwrite=true also replaces hand edits)", secured: true,
            responses: [200: B.ref("Film"), 404: nil, 409: nil, 502: nil, 503: nil],
            parameters: [query("overwrite", "true to replace hand-edited fields", B.boolean)])
        api.operation(
            "POST", "/films/sync",
            "Re-sync every film imported from TMDB (films:write), four at a time, answering when done: how many "
                + "were synced and which failed, with why. overwrite (default false) as for one film; the body may "
                + "be empty. 503 tmdb-not-configured / 502 tmdb-key-rejected stop it (every film would fail alike)",
            secured: true, body: B.object(["overwrite": B.boolean]),
            responses: [
                200: B.object(
                    [
                        "synced": B.integer,
                        "failed": B.array(
                            B.object(
                                ["id": B.uuid, "title": B.string, "detail": B.string],
                                required: ["id", "title", "detail"])),
                    ], required: ["synced", "failed"]), 422: nil, 502: nil, 503: nil,
            ])
    }

    static func images(_ api: inout B) {
        api.operation(
            "PUT", "/films/{id}/images/{kind}",
            "Upload a film's poster or backdrop (kind: poster or backdrop; films:write): the body is the image "
                + "itself, JPEG, PNG or WebP (told by its first bytes, which must agree with Content-Type), at most "
                + "catalog.images.max.bytes (20 MiB). Stored as WebP and JPEG variants at several widths, metadata "
                + "stripped; the film's images then point at them, and for an imported film the field counts as a "
                + "hand edit (kept by re-syncs). 413 too large, 415 not an accepted image type, 422 a type other "
                + "than the declared one, an undecodable image or an unknown kind.",
            secured: true, body: ["type": "string", "format": "binary"],
            bodyTypes: ImageFormat.allCases.map(\.mediaType),
            responses: [200: B.ref("Film"), 404: nil, 413: nil, 415: nil, 422: nil, 503: nil])
        api.operation(
            "GET", "/images/{name}",
            "A stored image variant (`<sha256>.webp` or `.jpg`, the names film images link to), with "
                + "`Cache-Control: public, max-age=31536000, immutable` and an ETag (304 to If-None-Match)",
            responses: [
                200: nil, 304: nil, 404: nil,
            ])
    }

    static func personal(_ api: inout B) {
        let list = B.object(
            [
                "id": B.uuid, "name": B.string, "isPublic": B.boolean, "shareToken": B.string,
                "films": B.array(B.ref("Film")), "createdAt": B.dateTime, "updatedAt": B.dateTime,
            ], required: ["id", "name", "isPublic", "films"])
        let listFields: [String: JSONValue] = ["name": B.string, "isPublic": B.boolean, "renewShareToken": B.boolean]
        let entry = B.object(
            [
                "id": B.uuid, "filmId": B.uuid, "title": B.string, "watchedAt": B.dateTime,
                "source": B.enumeration(["booking", "manual"]), "bookingId": B.uuid,
            ], optional: ["title", "bookingId"])
        api.operation(
            "GET", "/me/favourites", "My favourite films", secured: true, responses: [200: B.page(of: B.ref("Film"))])
        api.operation(
            "PUT", "/me/favourites/{filmId}", "Add a favourite", secured: true, responses: [204: nil, 404: nil])
        api.operation("DELETE", "/me/favourites/{filmId}", "Remove a favourite", secured: true, responses: [204: nil])
        api.operation("GET", "/me/lists", "My lists", secured: true, responses: [200: B.page(of: list)])
        api.operation(
            "POST", "/lists", "Create a list", secured: true, body: B.object(listFields, required: ["name"]),
            responses: [201: list])
        api.operation(
            "GET", "/lists/{id}", "A list: its owner's, a public one, or a private one with ?share=<token>",
            responses: [200: list, 404: nil], parameters: [query("share", "the list's share token")])
        api.operation(
            "PATCH", "/lists/{id}", "Rename, make public or private, renew the share token", secured: true,
            body: B.object(listFields), responses: [200: list, 404: nil])
        api.operation(
            "PUT", "/lists/{id}/films", "Set the list's films in order (add, remove, reorder)", secured: true,
            body: B.object(["filmIds": B.array(B.uuid)], required: ["filmIds"]), responses: [200: list, 404: nil])
        api.operation("DELETE", "/lists/{id}", "Delete a list", secured: true, responses: [204: nil, 404: nil])
        api.operation(
            "GET", "/me/history", "What I watched (bookings once the screening started, and my own entries)",
            secured: true, responses: [200: B.page(of: entry)], parameters: B.paginationParameters)
        api.operation(
            "POST", "/me/history", "Add a film I watched elsewhere", secured: true,
            body: B.object(["filmId": B.uuid, "watchedAt": B.dateTime], required: ["filmId"]),
            responses: [201: entry, 404: nil])
        api.operation("DELETE", "/me/history/{id}", "Remove an entry", secured: true, responses: [204: nil, 404: nil])
        api.operation(
            "GET", "/me/recommendations", "Films for me, each with its reasons", secured: true,
            responses: [
                200: B.page(
                    of: B.object([
                        "film": B.ref("Film"), "score": B.number, "because": B.string,
                        "reasons": B.array(
                            B.object(
                                [
                                    "kind": B.enumeration(["similar-to", "also-booked", "showing-soon", "popular"]),
                                    "filmId": B.uuid, "filmTitle": B.string, "detail": B.string,
                                ], optional: ["filmId", "filmTitle"])),
                    ]))
            ], parameters: [["name": "limit", "in": "query", "schema": B.integer]])
    }
}
