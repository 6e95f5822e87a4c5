import Foundation
import Hummingbird
import Persistence
import ServiceKit

/// Browsing films (public, published only, cacheable) and managing them (films:write): create,
/// edit (a hand edit of an imported field survives re-syncs), publish, archive, categorise.
struct FilmController: Sendable {
    let films: FilmRepository
    let search: FilmSearch
    let images: ImageLinks

    func addRoutes(to router: Router<ServiceRequestContext>) {
        router.get("/films", use: list)
        router.get("/films/:id", use: show)
        router.post("/films", use: create)
        router.patch("/films/:id", use: update)
        router.post("/films/:id/publish", use: publish)
        router.post("/films/:id/archive", use: archive)
        router.put("/films/:id/categories", use: categorise)
        router.get("/genres/:genre/films", use: byGenre)
        router.get("/people/:personId/films", use: byPerson)
    }

    func list(_ request: Request, context: ServiceRequestContext) async throws -> Response {
        var query = try FilmQuery(request: request)
        var staff = false
        if let status = request.uri.queryParameters["status"].map(String.init), status != "published" {
            _ = try context.require("films:write")
            guard ["draft", "archived"].contains(status) else {
                throw AppError.invalid("status", "must be draft, published or archived")
            }
            query.status = status
            staff = true
        }
        return try await respond(query, request, staff: staff)
    }

    func byGenre(_ request: Request, context: ServiceRequestContext) async throws -> Response {
        var query = try FilmQuery(request: request)
        query.genres = [try context.parameters.require("genre").lowercased()]
        return try await respond(query, request)
    }

    func byPerson(_ request: Request, context: ServiceRequestContext) async throws -> Response {
        var query = try FilmQuery(request: request)
        query.personId = try context.parameters.require("personId", as: Int.self)
        return try await respond(query, request)
    }

    private func respond(_ query: FilmQuery, _ request: Request, staff: Bool = false) async throws -> Response {
        var result = try await search.search(query, page: PageRequest(request: request))
        result.items = result.items.map(images.decorate)
        // "Showing between dates" reads the screening replica, which scheduling's events change
        // without any catalog event: such answers are not for shared caches (the gateway's).
        return HTTPCaching.respond(
            json: result.jsonText, to: request, maxAge: 60, shared: !staff && query.showing == nil)
    }

    /// A published film for everyone; drafts and archived films for staff only (404 otherwise).
    func show(_ request: Request, context: ServiceRequestContext) async throws -> Response {
        guard let film = try await films.find(try context.parameters.require("id", as: UUID.self)) else {
            throw AppError.notFound("Film")
        }
        let staff = context.identity?.has("films:write") == true
        guard film.status == "published" || staff else { throw AppError.notFound("Film") }
        return HTTPCaching.respond(
            json: images.decorate(film).jsonText, to: request, maxAge: 300, shared: film.status == "published")
    }

    func create(_ request: Request, context: ServiceRequestContext) async throws -> Response {
        _ = try context.require("films:write")
        let input = try await request.decode(as: FilmEdit.self, context: context)
        var film = Film.draft(title: input.title ?? "", runtimeMinutes: input.runtimeMinutes ?? 0)
        input.apply(to: &film)
        try FilmEdit.validate(film, after: input.problems(creating: true))
        let status = input.status ?? "draft"
        try await films.client.transaction(logger: context.logger) { connection in
            try await films.save(film, emitUpdate: false, on: connection)
        }
        if status == "published" { film = try await films.transition(film.id, to: "published") }
        context.logger.info("film created", metadata: ["filmId": "\(film.id)", "status": "\(status)"])
        return JSONBody.response(images.decorate(try await films.find(film.id) ?? film), status: .created)
    }

    func update(_ request: Request, context: ServiceRequestContext) async throws -> Film {
        _ = try context.require("films:write")
        let id = try context.parameters.require("id", as: UUID.self)
        let patch = try await request.decode(as: FilmEdit.self, context: context)
        let problems = patch.problems(creating: false)
        let film = try await films.client.transaction(logger: context.logger) { connection in
            guard var film = try await films.lock(id, on: connection) else { throw AppError.notFound("Film") }
            patch.apply(to: &film)
            if film.tmdbId != nil {
                film.localEdits = Array(Set(film.localEdits).union(patch.editedImportedFields)).sorted()
            }
            try FilmEdit.validate(film, after: problems)
            try await films.save(film, on: connection)
            // A poster or backdrop path typed by hand replaces an uploaded one.
            let replaced = [(ImageKind.poster, patch.posterPath), (.backdrop, patch.backdropPath)]
                .filter { $0.1 != nil }.map(\.0.rawValue)
            if !replaced.isEmpty {
                try await connection.query(
                    "UPDATE films SET uploaded_images = uploaded_images - \(replaced)::text[] WHERE id = \(id)",
                    logger: context.logger)
            }
            return film
        }
        return images.decorate(try await films.find(id) ?? film)
    }

    func publish(_ request: Request, context: ServiceRequestContext) async throws -> Film {
        _ = try context.require("films:write")
        return images.decorate(
            try await films.transition(try context.parameters.require("id", as: UUID.self), to: "published"))
    }

    func archive(_ request: Request, context: ServiceRequestContext) async throws -> Film {
        _ = try context.require("films:write")
        return images.decorate(
            try await films.transition(try context.parameters.require("id", as: UUID.self), to: "archived"))
    }

    struct CategoryList: Decodable {
        var categories: [String]
    }

    /// Replaces a film's categories (slugs).
    func categorise(_ request: Request, context: ServiceRequestContext) async throws -> Film {
        _ = try context.require("films:write")
        let id = try context.parameters.require("id", as: UUID.self)
        let wanted = try await request.decode(as: CategoryList.self, context: context).categories
        try await films.client.transaction(logger: context.logger) { connection in
            guard var film = try await films.lock(id, on: connection) else { throw AppError.notFound("Film") }
            let rows = try await connection.query(
                "SELECT id FROM categories WHERE slug = ANY(\(wanted))", logger: context.logger)
            let ids = try await rows.decode(UUID.self).allElements()
            guard ids.count == Set(wanted).count else {
                throw AppError.invalid("categories", "unknown category among \(wanted)")
            }
            try await connection.query("DELETE FROM film_categories WHERE film_id = \(id)", logger: context.logger)
            try await connection.query(
                "INSERT INTO film_categories (film_id, category_id) SELECT \(id), unnest(\(ids))",
                logger: context.logger)
            film.categories = wanted.sorted()
            try await films.save(film, on: connection)
        }
        guard let film = try await films.find(id) else { throw AppError.notFound("Film") }
        return images.decorate(film)
    }
}
