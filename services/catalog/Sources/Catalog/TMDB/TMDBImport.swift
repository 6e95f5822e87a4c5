import Foundation
import Hummingbird
import Logging
import Persistence
import PostgresNIO
import ServiceKit
import ServiceLifecycle

/// Imports and re-syncs films from TMDB.
struct TMDBImporter: Sendable {
    let tmdb: TMDBClient
    let films: FilmRepository

    /// A new draft from a TMDB movie; 409 when that movie is already in the catalogue.
    func importMovie(_ tmdbId: Int, logger: Logger) async throws -> Film {
        if let existing = try await films.find(tmdbId: tmdbId) {
            throw AppError.conflict("already-imported", "TMDB movie \(tmdbId) is film \(existing.id)")
        }
        let movie = try await tmdb.movie(tmdbId)
        let film = TMDBMapping.film(from: movie, updating: nil, overwrite: true)
        try FilmEdit.validate(film)
        do {
            try await films.client.transaction(logger: logger) { connection in
                try await films.save(film, emitUpdate: false, on: connection)
            }
        } catch let error as PSQLError where error.serverInfo?[.sqlState] == "23505" {
            throw AppError.conflict("already-imported", "TMDB movie \(tmdbId) was just imported")
        }
        logger.info("film imported from TMDB", metadata: ["filmId": "\(film.id)", "tmdbId": "\(tmdbId)"])
        return try await films.find(film.id) ?? film
    }

    /// Refreshes a film from TMDB; hand-edited fields stay unless `overwrite` (which also clears them,
    /// uploaded posters and backdrops included: TMDB's come back).
    func sync(_ id: UUID, overwrite: Bool, logger: Logger) async throws -> Film {
        guard let current = try await films.find(id) else { throw AppError.notFound("Film") }
        guard let tmdbId = current.tmdbId else {
            throw AppError.conflict("not-from-tmdb", "This film was not imported from TMDB")
        }
        let movie = try await tmdb.movie(tmdbId)
        try await films.client.transaction(logger: logger) { connection in
            guard let locked = try await films.lock(id, on: connection) else { throw AppError.notFound("Film") }
            var film = TMDBMapping.film(from: movie, updating: locked, overwrite: overwrite)
            if overwrite { film.localEdits = [] }
            try FilmEdit.validate(film)
            try await films.save(film, on: connection)
            if overwrite {
                try await connection.query(
                    "UPDATE films SET uploaded_images = '{}' WHERE id = \(id)", logger: logger)
            }
        }
        return try await films.find(id) ?? current
    }
}

/// Staff search TMDB, import and re-sync (films:write).
struct TMDBController: Sendable {
    let importer: TMDBImporter
    let images: ImageLinks

    struct Candidate: Codable, Sendable {
        var tmdbId: Int
        var title: String
        var originalTitle: String?
        var releaseDate: String?
        var overview: String?
        var posterPath: String?
        var importedAs: UUID?
    }

    struct ImportRequest: Decodable {
        var tmdbId: Int
    }

    func addRoutes(to router: Router<ServiceRequestContext>) {
        router.get("/tmdb/search", use: search)
        router.post("/tmdb/imports", use: importMovie)
        router.post("/films/:id/sync", use: sync)
    }

    func search(_ request: Request, context: ServiceRequestContext) async throws -> Page<Candidate> {
        _ = try context.require("films:write")
        let query = request.uri.queryParameters
        guard let text = query["query"].map(String.init), !text.isEmpty, text.count <= 200 else {
            throw AppError.invalid("query", "must have 1 to 200 characters")
        }
        let year = try query["year"].map { raw -> Int in
            guard let year = Int(String(raw)), (1888...2100).contains(year) else {
                throw AppError.invalid("year", "must be a year")
            }
            return year
        }
        let page = try await call { try await importer.tmdb.search(text, year: year) }
        var items: [Candidate] = []
        for result in page.results ?? [] {
            items.append(
                Candidate(
                    tmdbId: result.id, title: result.title ?? result.originalTitle ?? "?",
                    originalTitle: result.originalTitle, releaseDate: result.releaseDate, overview: result.overview,
                    posterPath: result.posterPath, importedAs: try await importer.films.find(tmdbId: result.id)?.id))
        }
        return Page(items: items, nextCursor: nil)
    }

    func importMovie(_ request: Request, context: ServiceRequestContext) async throws -> Response {
        _ = try context.require("films:write")
        let input = try await request.decode(as: ImportRequest.self, context: context)
        let film = try await call { try await importer.importMovie(input.tmdbId, logger: context.logger) }
        return JSONBody.response(images.decorate(film), status: .created)
    }

    func sync(_ request: Request, context: ServiceRequestContext) async throws -> Film {
        _ = try context.require("films:write")
        let id = try context.parameters.require("id", as: UUID.self)
        let overwrite = request.uri.queryParameters["overwrite"] == "true"
        return images.decorate(
            try await call { try await importer.sync(id, overwrite: overwrite, logger: context.logger) })
    }

    private func call<T>(_ body: () async throws -> T) async throws -> T {
        do { return try await body() } catch let error as TMDBError { throw error.appError }
    }
}

/// Re-syncs imported films whose last sync is older than `interval`, a few at a time.
struct TMDBSyncService: Service {
    let importer: TMDBImporter
    let interval: Duration
    let logger: Logger

    func run() async throws {
        while !Task.isShuttingDownGracefully, !Task.isCancelled {
            await GracefulPause.sleep(for: .seconds(60))
            guard !importer.tmdb.config.apiKey.isEmpty else { continue }
            do {
                let seconds = Int(interval.components.seconds)
                let rows = try await importer.films.client.query(
                    """
                    SELECT id FROM films WHERE tmdb_id IS NOT NULL
                      AND (synced_at IS NULL OR synced_at < now() - make_interval(secs => \(seconds)))
                    ORDER BY synced_at NULLS FIRST LIMIT 20
                    """, logger: logger)
                for id in try await rows.decode(UUID.self).allElements() {
                    _ = try await importer.sync(id, overwrite: false, logger: logger)
                }
            } catch {
                logger.warning("scheduled TMDB sync failed", metadata: ["error": "\(error)"])
            }
        }
    }
}
