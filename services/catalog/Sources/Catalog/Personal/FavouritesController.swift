import Foundation
import Hummingbird
import Persistence
import PostgresNIO
import ServiceKit

/// The signed-in user's favourite films (their own only).
struct FavouritesController: Sendable {
    let client: PostgresClient
    let images: ImageLinks

    func addRoutes(to router: Router<ServiceRequestContext>) {
        router.get("/me/favourites", use: list)
        router.put("/me/favourites/:filmId", use: add)
        router.delete("/me/favourites/:filmId", use: remove)
    }

    func list(_ request: Request, context: ServiceRequestContext) async throws -> Page<Film> {
        let user = try context.requireIdentity().userID
        let rows = try await client.query(
            """
            SELECT \(unescaped: Film.columns) FROM favourites v JOIN films f ON f.id = v.film_id
            WHERE v.user_id = \(user) AND f.status = 'published' ORDER BY v.created_at DESC LIMIT 500
            """, logger: context.logger)
        return Page(items: try await FilmRepository.decode(rows).map(images.decorate), nextCursor: nil)
    }

    func add(_ request: Request, context: ServiceRequestContext) async throws -> Response {
        let user = try context.requireIdentity().userID
        let film = try context.parameters.require("filmId", as: UUID.self)
        let rows = try await client.query(
            """
            INSERT INTO favourites (user_id, film_id) SELECT \(user), id FROM films
            WHERE id = \(film) AND status = 'published' ON CONFLICT DO NOTHING RETURNING film_id
            """, logger: context.logger)
        if try await rows.decode(UUID.self).firstElement() == nil {
            guard try await exists(film, context) else { throw AppError.notFound("Film") }
        }
        return Response(status: .noContent)
    }

    func remove(_ request: Request, context: ServiceRequestContext) async throws -> Response {
        let user = try context.requireIdentity().userID
        let film = try context.parameters.require("filmId", as: UUID.self)
        try await client.query(
            "DELETE FROM favourites WHERE user_id = \(user) AND film_id = \(film)", logger: context.logger)
        return Response(status: .noContent)
    }

    private func exists(_ film: UUID, _ context: ServiceRequestContext) async throws -> Bool {
        let rows = try await client.query(
            "SELECT 1 FROM films WHERE id = \(film) AND status = 'published'", logger: context.logger)
        return try await rows.decode(Int.self).firstElement() != nil
    }
}
