import Crypto
import Foundation
import Hummingbird
import Persistence
import PostgresNIO
import ServiceKit

/// Custom lists of films: the owner creates, renames, reorders, makes public or private, and
/// deletes them. A public list is readable by anyone; a private one only by its owner or with its
/// share link (`?share=<token>`, a random token the owner can renew). Nobody else learns that a
/// private list exists (404).
struct ListsController: Sendable {
    let client: PostgresClient
    let images: ImageLinks

    struct FilmList: Codable, Sendable, ResponseEncodable {
        var id: UUID
        var name: String
        var isPublic: Bool
        var shareToken: String?
        var films: [Film]
        var createdAt: Date
        var updatedAt: Date
    }

    struct Input: Decodable {
        var name: String?
        var isPublic: Bool?
        var renewShareToken: Bool?
    }

    struct Items: Decodable {
        var filmIds: [UUID]
    }

    func addRoutes(to router: Router<ServiceRequestContext>) {
        router.get("/me/lists", use: mine)
        router.post("/lists", use: create)
        router.get("/lists/:id", use: show)
        router.patch("/lists/:id", use: update)
        router.put("/lists/:id/films", use: replaceFilms)
        router.delete("/lists/:id", use: delete)
    }

    func mine(_ request: Request, context: ServiceRequestContext) async throws -> Page<FilmList> {
        let user = try context.requireIdentity().userID
        let rows = try await client.query(
            "SELECT id FROM lists WHERE user_id = \(user) ORDER BY created_at", logger: context.logger)
        var lists: [FilmList] = []
        for id in try await rows.decode(UUID.self).allElements() {
            if let list = try await load(id, context) { lists.append(list.list) }
        }
        return Page(items: lists, nextCursor: nil)
    }

    func create(_ request: Request, context: ServiceRequestContext) async throws -> Response {
        let user = try context.requireIdentity().userID
        let input = try await request.decode(as: Input.self, context: context)
        let name = try Self.name(input.name)
        let id = UUID()
        try await client.query(
            """
            INSERT INTO lists (id, user_id, name, public, share_token)
            VALUES (\(id), \(user), \(name), \(input.isPublic ?? false), \(Self.token()))
            """, logger: context.logger)
        guard let list = try await load(id, context) else { throw AppError.notFound("List") }
        return JSONBody.response(list.list, status: .created)
    }

    func show(_ request: Request, context: ServiceRequestContext) async throws -> FilmList {
        let id = try context.parameters.require("id", as: UUID.self)
        guard let (list, owner) = try await load(id, context) else { throw AppError.notFound("List") }
        let share = request.uri.queryParameters["share"].map(String.init)
        let isOwner = context.identity?.userID == owner
        guard isOwner || list.isPublic || (share != nil && ConstantTime.equal(share ?? "", list.shareToken ?? ""))
        else {
            throw AppError.notFound("List")
        }
        var visible = list
        if !isOwner { visible.shareToken = nil }
        return visible
    }

    func update(_ request: Request, context: ServiceRequestContext) async throws -> FilmList {
        let (id, _) = try await owned(context)
        let input = try await request.decode(as: Input.self, context: context)
        let name = try input.name.map { try Self.name($0) }
        let token: String? = input.renewShareToken == true ? Self.token() : nil
        try await client.query(
            """
            UPDATE lists SET name = COALESCE(\(name), name), public = COALESCE(\(input.isPublic), public),
                share_token = COALESCE(\(token), share_token), updated_at = now()
            WHERE id = \(id)
            """, logger: context.logger)
        guard let list = try await load(id, context) else { throw AppError.notFound("List") }
        return list.list
    }

    /// Sets the list's films in the given order (adds, removes and reorders in one call).
    func replaceFilms(_ request: Request, context: ServiceRequestContext) async throws -> FilmList {
        let (id, _) = try await owned(context)
        let items = try await request.decode(as: Items.self, context: context)
        guard items.filmIds.count <= 500, Set(items.filmIds).count == items.filmIds.count else {
            throw AppError.invalid("filmIds", "at most 500 films, each once")
        }
        try await client.transaction(logger: context.logger) { connection in
            let rows = try await connection.query(
                "SELECT count(*)::int FROM films WHERE id = ANY(\(items.filmIds)) AND status = 'published'",
                logger: context.logger)
            guard try await rows.decode(Int.self).firstElement() == items.filmIds.count else {
                throw AppError.invalid("filmIds", "every film must exist and be published")
            }
            try await connection.query("DELETE FROM list_items WHERE list_id = \(id)", logger: context.logger)
            try await connection.query(
                """
                INSERT INTO list_items (list_id, film_id, position)
                SELECT \(id), film, position::int FROM unnest(\(items.filmIds)) WITH ORDINALITY AS t(film, position)
                """, logger: context.logger)
            try await connection.query("UPDATE lists SET updated_at = now() WHERE id = \(id)", logger: context.logger)
        }
        guard let list = try await load(id, context) else { throw AppError.notFound("List") }
        return list.list
    }

    func delete(_ request: Request, context: ServiceRequestContext) async throws -> Response {
        let (id, _) = try await owned(context)
        try await client.query("DELETE FROM lists WHERE id = \(id)", logger: context.logger)
        return Response(status: .noContent)
    }

    /// The list of the path, which must belong to the caller (404 otherwise).
    private func owned(_ context: ServiceRequestContext) async throws -> (UUID, UUID) {
        let user = try context.requireIdentity().userID
        let id = try context.parameters.require("id", as: UUID.self)
        guard let (_, owner) = try await load(id, context), owner == user else { throw AppError.notFound("List") }
        return (id, owner)
    }

    private func load(_ id: UUID, _ context: ServiceRequestContext) async throws -> (list: FilmList, owner: UUID)? {
        let rows = try await client.query(
            "SELECT user_id, name, public, share_token, created_at, updated_at FROM lists WHERE id = \(id)",
            logger: context.logger)
        guard
            let (owner, name, isPublic, token, created, updated) = try await rows.decode(
                (UUID, String, Bool, String, Date, Date).self
            ).firstElement()
        else { return nil }
        let films = try await client.query(
            """
            SELECT \(unescaped: Film.columns) FROM list_items i JOIN films f ON f.id = i.film_id
            WHERE i.list_id = \(id) AND f.status = 'published' ORDER BY i.position
            """, logger: context.logger)
        let list = FilmList(
            id: id, name: name, isPublic: isPublic, shareToken: token,
            films: try await FilmRepository.decode(films).map(images.decorate), createdAt: created, updatedAt: updated)
        return (list, owner)
    }

    static func name(_ raw: String?) throws -> String {
        let name = (raw ?? "").trimmingCharacters(in: .whitespaces)
        guard !name.isEmpty, name.count <= 100 else { throw AppError.invalid("name", "must have 1 to 100 characters") }
        return name
    }

    static func token() -> String {
        Base64URL.encode(SymmetricKey(size: .bits256).withUnsafeBytes { Data($0) })
    }
}
