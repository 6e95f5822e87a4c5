import Foundation
import Hummingbird
import ServiceKit

/// Browsing films (public) and managing them (films:write).
struct FilmController: Sendable {
    let films: FilmRepository

    func addRoutes(to router: Router<ServiceRequestContext>) {
        router.get("/films", use: list)
        router.get("/films/:id", use: show)
        router.post("/films", use: create)
        router.patch("/films/:id", use: update)
    }

    struct FilmInput: Decodable {
        var title: String
        var originalTitle: String?
        var synopsis: String?
        var runtimeMinutes: Int
        var releaseDate: String?
        var genres: [String]?
        var posterPath: String?
    }

    struct FilmPatch: Decodable {
        var title: String?
        var synopsis: String?
        var runtimeMinutes: Int?
        var genres: [String]?
    }

    func list(_ request: Request, context: ServiceRequestContext) async throws -> Page<Film> {
        let search = request.uri.queryParameters["q"].map(String.init)
        if let search, search.count > 100 { throw AppError.invalid("q", "must have at most 100 characters") }
        return try await films.list(search: search, page: PageRequest(request: request))
    }

    func show(_ request: Request, context: ServiceRequestContext) async throws -> Film {
        guard let film = try await films.find(try context.parameters.require("id", as: UUID.self)) else {
            throw AppError.notFound("Film")
        }
        return film
    }

    func create(_ request: Request, context: ServiceRequestContext) async throws -> Response {
        _ = try context.require("films:write")
        let input = try await request.decode(as: FilmInput.self, context: context)
        try Self.validate(title: input.title, runtime: input.runtimeMinutes, releaseDate: input.releaseDate)
        let film = Film(
            id: UUID(), title: input.title.trimmingCharacters(in: .whitespaces), originalTitle: input.originalTitle,
            synopsis: input.synopsis ?? "", runtimeMinutes: input.runtimeMinutes, releaseDate: input.releaseDate,
            genres: input.genres ?? [], posterPath: input.posterPath, status: "published", createdAt: .now,
            updatedAt: .now)
        try await films.create(film)
        context.logger.info("film created", metadata: ["filmId": "\(film.id)"])
        return JSONBody.response(film, status: .created)
    }

    func update(_ request: Request, context: ServiceRequestContext) async throws -> Film {
        _ = try context.require("films:write")
        let id = try context.parameters.require("id", as: UUID.self)
        let patch = try await request.decode(as: FilmPatch.self, context: context)
        guard var film = try await films.find(id) else { throw AppError.notFound("Film") }
        film.title = patch.title ?? film.title
        film.synopsis = patch.synopsis ?? film.synopsis
        film.runtimeMinutes = patch.runtimeMinutes ?? film.runtimeMinutes
        film.genres = patch.genres ?? film.genres
        try Self.validate(title: film.title, runtime: film.runtimeMinutes, releaseDate: nil)
        try await films.update(film)
        return try await films.find(id) ?? film
    }

    static func validate(title: String, runtime: Int, releaseDate: String?) throws {
        var errors: [Problem.FieldError] = []
        let trimmed = title.trimmingCharacters(in: .whitespaces)
        if trimmed.isEmpty || trimmed.count > 200 {
            errors.append(.init(field: "title", message: "must have 1 to 200 characters"))
        }
        if !(1...600).contains(runtime) {
            errors.append(.init(field: "runtimeMinutes", message: "must be between 1 and 600"))
        }
        if let releaseDate, (try? Date.ISO8601FormatStyle().year().month().day().parse(releaseDate)) == nil {
            errors.append(.init(field: "releaseDate", message: "must be a date YYYY-MM-DD"))
        }
        guard errors.isEmpty else { throw AppError.invalid(errors) }
    }
}
