import Foundation
import Hummingbird
import Persistence
import PostgresNIO
import ServiceKit

/// Categories: genres and curated collections ("Festival", "Kids", "Classics"), nested through
/// `parentId`. Public to read (cacheable), films:write to manage.
struct CategoryController: Sendable {
    let client: PostgresClient

    struct Category: Codable, Sendable, ResponseEncodable {
        var id: UUID
        var name: String
        var slug: String
        var kind: String
        var parentId: UUID?
        var filmCount: Int?
    }

    struct Input: Decodable {
        var name: String
        var slug: String?
        var kind: String
        var parentId: UUID?
    }

    /// A PATCH: absent fields are unchanged; `"parentId": null` makes the category a root.
    struct Patch: Decodable {
        var name: String?
        var slug: String?
        var parentId: UUID?
        var setsParent = false

        enum CodingKeys: String, CodingKey { case name, slug, parentId }

        init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            name = try container.decodeIfPresent(String.self, forKey: .name)
            slug = try container.decodeIfPresent(String.self, forKey: .slug)
            setsParent = container.contains(.parentId)
            parentId = try container.decodeIfPresent(UUID.self, forKey: .parentId)
        }
    }

    func addRoutes(to router: Router<ServiceRequestContext>) {
        router.get("/categories", use: list)
        router.post("/categories", use: create)
        router.patch("/categories/:id", use: update)
        router.delete("/categories/:id", use: delete)
    }

    func list(_ request: Request, context: ServiceRequestContext) async throws -> Response {
        let rows = try await client.query(
            """
            SELECT c.id, c.name, c.slug, c.kind, c.parent_id,
                   (SELECT count(*)::int FROM film_categories fc JOIN films f ON f.id = fc.film_id
                    WHERE fc.category_id = c.id AND f.status = 'published')
            FROM categories c ORDER BY c.kind, c.name
            """, logger: context.logger)
        var items: [Category] = []
        for try await (id, name, slug, kind, parent, count) in rows.decode(
            (UUID, String, String, String, UUID?, Int).self)
        {
            items.append(Category(id: id, name: name, slug: slug, kind: kind, parentId: parent, filmCount: count))
        }
        return try HTTPCaching.respond(Page(items: items, nextCursor: nil), to: request, maxAge: 300)
    }

    func create(_ request: Request, context: ServiceRequestContext) async throws -> Response {
        _ = try context.require("films:write")
        let input = try await request.decode(as: Input.self, context: context)
        let name = input.name.trimmingCharacters(in: .whitespaces)
        let slug = input.slug ?? Self.slug(name)
        var errors: [Problem.FieldError] = []
        if name.isEmpty || name.count > 80 {
            errors.append(.init(field: "name", message: "must have 1 to 80 characters"))
        }
        if slug.wholeMatch(of: /[a-z0-9]+(-[a-z0-9]+)*/) == nil {
            errors.append(.init(field: "slug", message: "must be lower-case words joined by dashes"))
        }
        if !["genre", "collection"].contains(input.kind) {
            errors.append(.init(field: "kind", message: "must be genre or collection"))
        }
        if !errors.isEmpty { throw AppError.invalid(errors) }
        let category = Category(id: UUID(), name: name, slug: slug, kind: input.kind, parentId: input.parentId)
        do {
            try await client.query(
                """
                INSERT INTO categories (id, name, slug, kind, parent_id)
                VALUES (\(category.id), \(name), \(slug), \(input.kind), \(input.parentId))
                """, logger: context.logger)
        } catch let error as PSQLError where error.serverInfo?[.sqlState] == "23505" {
            throw AppError.conflict("slug-taken", "A category \(slug) exists already")
        } catch let error as PSQLError where error.serverInfo?[.sqlState] == "23503" {
            throw AppError.invalid("parentId", "is not a category")
        }
        return JSONBody.response(category, status: .created)
    }

    /// Renames, re-slugs and/or moves a category. Moves are serialised (a transaction-level advisory
    /// lock), so that two concurrent moves cannot build a cycle between them.
    func update(_ request: Request, context: ServiceRequestContext) async throws -> Category {
        _ = try context.require("films:write")
        let id = try context.parameters.require("id", as: UUID.self)
        let patch = try await request.decode(as: Patch.self, context: context)
        let name = patch.name?.trimmingCharacters(in: .whitespaces)
        var errors: [Problem.FieldError] = []
        if let name, name.isEmpty || name.count > 80 {
            errors.append(.init(field: "name", message: "must have 1 to 80 characters"))
        }
        if let slug = patch.slug, slug.wholeMatch(of: /[a-z0-9]+(-[a-z0-9]+)*/) == nil {
            errors.append(.init(field: "slug", message: "must be lower-case words joined by dashes"))
        }
        if patch.setsParent, patch.parentId == id {
            errors.append(.init(field: "parentId", message: "would make a cycle"))
        }
        if !errors.isEmpty { throw AppError.invalid(errors) }
        do {
            try await client.transaction(logger: context.logger) { connection in
                if patch.setsParent {
                    try await connection.query(
                        "SELECT pg_advisory_xact_lock(hashtext('catalog.categories.tree'))", logger: context.logger)
                }
                let found = try await connection.query(
                    "SELECT id FROM categories WHERE id = \(id) FOR UPDATE", logger: context.logger)
                guard try await found.decode(UUID.self).firstElement() != nil else {
                    throw AppError.notFound("Category")
                }
                if patch.setsParent, let parent = patch.parentId {
                    let rows = try await connection.query(
                        """
                        WITH RECURSIVE below(id) AS (
                            SELECT \(id)::uuid UNION SELECT c.id FROM categories c JOIN below b ON c.parent_id = b.id)
                        SELECT EXISTS (SELECT 1 FROM categories WHERE id = \(parent)),
                               EXISTS (SELECT 1 FROM below WHERE id = \(parent))
                        """, logger: context.logger)
                    let (exists, cycle) = try await rows.decode((Bool, Bool).self).firstElement() ?? (false, false)
                    if !exists { throw AppError.invalid("parentId", "is not a category") }
                    if cycle { throw AppError.invalid("parentId", "would make a cycle") }
                }
                try await connection.query(
                    """
                    UPDATE categories SET name = coalesce(\(name), name), slug = coalesce(\(patch.slug), slug),
                           parent_id = CASE WHEN \(patch.setsParent) THEN \(patch.parentId) ELSE parent_id END
                    WHERE id = \(id)
                    """, logger: context.logger)
            }
        } catch let error as PSQLError where error.serverInfo?[.sqlState] == "23505" {
            throw AppError.conflict("slug-taken", "A category \(patch.slug ?? "") exists already")
        }
        let rows = try await client.query(
            """
            SELECT c.id, c.name, c.slug, c.kind, c.parent_id,
                   (SELECT count(*)::int FROM film_categories fc JOIN films f ON f.id = fc.film_id
                    WHERE fc.category_id = c.id AND f.status = 'published')
            FROM categories c WHERE c.id = \(id)
            """, logger: context.logger)
        guard let row = try await rows.decode((UUID, String, String, String, UUID?, Int).self).firstElement() else {
            throw AppError.notFound("Category")
        }
        return Category(id: row.0, name: row.1, slug: row.2, kind: row.3, parentId: row.4, filmCount: row.5)
    }

    func delete(_ request: Request, context: ServiceRequestContext) async throws -> Response {
        _ = try context.require("films:write")
        let id = try context.parameters.require("id", as: UUID.self)
        let rows = try await client.query(
            "DELETE FROM categories WHERE id = \(id) RETURNING id", logger: context.logger)
        guard try await rows.decode(UUID.self).firstElement() != nil else { throw AppError.notFound("Category") }
        return Response(status: .noContent)
    }

    /// "Films d'été" → "films-d-ete".
    static func slug(_ name: String) -> String {
        name.folding(options: [.diacriticInsensitive, .caseInsensitive], locale: nil).lowercased()
            .split(whereSeparator: { !$0.isLetter && !$0.isNumber }).joined(separator: "-")
    }
}
