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

    struct SyncAllRequest: Decodable {
        var overwrite: Bool?
    }

    /// What a re-sync of every imported film did.
    struct SyncAllResult: ResponseCodable, Sendable {
        var synced: Int
        var failed: [SyncFailure]
    }

    struct SyncFailure: Codable, Sendable {
        var id: UUID
        var title: String
        var detail: String
    }

    /// Films re-synced at once by `POST /films/sync` (TMDB's rate limit is kept by the client).
    static let syncConcurrency = 4

    func addRoutes(to router: Router<ServiceRequestContext>) {
        router.get("/tmdb/search", use: search)
        router.post("/tmdb/imports", use: importMovie)
        router.post("/films/:id/sync", use: sync)
        router.post("/films/sync", use: syncAll)
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

    /// Re-syncs every film imported from TMDB, a few at a time, and says which failed and why. A
    /// missing or rejected key fails the whole call (every film would fail alike).
    func syncAll(_ request: Request, context: ServiceRequestContext) async throws -> SyncAllResult {
        _ = try context.require("films:write")
        let body = try await request.body.collect(upTo: 64 * 1024)
        let overwrite =
            body.readableBytes == 0
            ? false : try StrictJSONDecoder.decode(SyncAllRequest.self, from: Data(buffer: body)).overwrite ?? false
        guard !importer.tmdb.config.apiKey.isEmpty else { throw TMDBError.notConfigured.appError }
        let rows = try await importer.films.client.query(
            "SELECT id, title FROM films WHERE tmdb_id IS NOT NULL ORDER BY title, id", logger: context.logger)
        let films = try await rows.decode((UUID, String).self).allElements()
        let logger = context.logger
        let failures = try await withThrowingTaskGroup(of: SyncFailure?.self) { group in
            var failures: [SyncFailure] = []
            var pending = films.makeIterator()
            func next() -> Bool {
                guard let (id, title) = pending.next() else { return false }
                group.addTask { try await syncOne(id, title: title, overwrite: overwrite, logger: logger) }
                return true
            }
            for _ in 0..<Self.syncConcurrency {
                guard next() else { break }
            }
            while let result = try await group.next() {
                if let result { failures.append(result) }
                _ = next()
            }
            return failures
        }
        logger.notice(
            "imported films re-synced from TMDB",
            metadata: ["films": "\(films.count)", "failed": "\(failures.count)", "overwrite": "\(overwrite)"])
        return SyncAllResult(
            synced: films.count - failures.count, failed: failures.sorted { ($0.title, $0.id) < ($1.title, $1.id) })
    }

    /// One film of `syncAll`: nil when synced, else why not (a key problem stops everything).
    private func syncOne(_ id: UUID, title: String, overwrite: Bool, logger: Logger) async throws -> SyncFailure? {
        do {
            _ = try await importer.sync(id, overwrite: overwrite, logger: logger)
            return nil
        } catch let error as TMDBError {
            if error == .notConfigured || error == .keyRejected { throw error.appError }
            return SyncFailure(id: id, title: title, detail: error.description)
        } catch let error as AppError {
            return SyncFailure(
                id: id, title: title,
                detail: error.errors?.map { "\($0.field) \($0.message)" }
                    .joined(separator: "; ") ?? error.detail)
        } catch {
            logger.error("TMDB re-sync failed", metadata: ["filmId": "\(id)", "error": "\(String(reflecting: error))"])
            return SyncFailure(id: id, title: title, detail: "unexpected error (logged)")
        }
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
