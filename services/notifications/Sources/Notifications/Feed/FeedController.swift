import Foundation
import Hummingbird
import Persistence
import PostgresNIO
import ServiceKit
import ServiceRuntime

/// The in-app feed of the signed-in user: newest first (keyset pages), the unread count, mark
/// read, and `GET /feed/stream` (server-sent events: `unread` now and a `notification` per new
/// item).
struct FeedController: Sendable {
    let client: PostgresClient
    let hub: ChangeHub

    struct Item: Codable, Sendable {
        var id: UUID
        var kind: String
        var title: String
        var body: String
        var link: String?
        var createdAt: Date
        var readAt: Date?
    }

    struct FeedPage: Codable, Sendable, ResponseEncodable {
        var items: [Item]
        var nextCursor: String?
        var unreadCount: Int
    }

    func addRoutes(to router: Router<ServiceRequestContext>) {
        router.get("/feed", use: list)
        router.post("/feed/read-all", use: readAll)
        router.post("/feed/:id/read", use: read)
        router.get("/feed/stream", use: stream)
    }

    func list(_ request: Request, context: ServiceRequestContext) async throws -> FeedPage {
        let user = try context.requireIdentity().userID
        let page = try PageRequest(request: request)
        let cursor = try page.dateAndID()
        let items = try await self.items(user, after: cursor, limit: page.limit + 1, context.logger)
        let built = page.page(items) { PageRequest.dateKey($0.createdAt, $0.id) }
        return FeedPage(
            items: built.items, nextCursor: built.nextCursor, unreadCount: try await unread(user, context.logger))
    }

    func read(_ request: Request, context: ServiceRequestContext) async throws -> Response {
        let user = try context.requireIdentity().userID
        let id = try context.parameters.require("id", as: UUID.self)
        let rows = try await client.query(
            """
            UPDATE feed_items SET read_at = COALESCE(read_at, now()) WHERE id = \(id) AND user_id = \(user)
            RETURNING id
            """, logger: context.logger)
        guard try await rows.decode(UUID.self).allElements().count == 1 else { throw AppError.notFound("Notification") }
        return JSONBody.response(["unreadCount": try await unread(user, context.logger)])
    }

    func readAll(_ request: Request, context: ServiceRequestContext) async throws -> Response {
        let user = try context.requireIdentity().userID
        try await client.query(
            "UPDATE feed_items SET read_at = now() WHERE user_id = \(user) AND read_at IS NULL", logger: context.logger)
        return JSONBody.response(["unreadCount": 0])
    }

    func stream(_ request: Request, context: ServiceRequestContext) async throws -> Response {
        let user = try context.requireIdentity().userID
        let logger = context.logger
        let newest = try await items(user, after: nil, limit: 1, logger).first
        let state = StreamState(last: newest.map { ($0.createdAt, $0.id) })
        let first = Self.event("unread", ["unreadCount": try await unread(user, logger)])
        let body = await EventStream.body(hub: hub, key: user.uuidString.lowercased(), first: first) {
            let fresh = try await newer(user, than: await state.last, logger)
            guard let latest = fresh.last else { return nil }
            await state.move(to: (latest.createdAt, latest.id))
            var buffer = ByteBuffer()
            for item in fresh { buffer.writeImmutableBuffer(Self.event("notification", item)) }
            return buffer
        }
        return Response(status: .ok, headers: EventStream.headers, body: body)
    }

    actor StreamState {
        var last: (Date, UUID)?
        init(last: (Date, UUID)?) { self.last = last }
        func move(to last: (Date, UUID)) { self.last = last }
    }

    static func event(_ name: String, _ value: some Encodable) -> ByteBuffer {
        let data = (try? JSONBody.encoder.encode(value)) ?? Data("{}".utf8)
        return ByteBuffer(string: "event: \(name)\ndata: \(String(decoding: data, as: UTF8.self))\n\n")
    }

    private func items(_ user: UUID, after: (Date, UUID)?, limit: Int, _ logger: Logger) async throws -> [Item] {
        let (before, id) = after ?? (.distantFuture, UUID(uuidString: "ffffffff-ffff-ffff-ffff-ffffffffffff")!)
        let rows = try await client.query(
            """
            SELECT id, event_type, title, body, link, created_at, read_at FROM feed_items
            WHERE user_id = \(user) AND (created_at, id) < (\(before), \(id))
            ORDER BY created_at DESC, id DESC LIMIT \(limit)
            """, logger: logger)
        return try await Self.decode(rows)
    }

    private func newer(_ user: UUID, than last: (Date, UUID)?, _ logger: Logger) async throws -> [Item] {
        let (after, id) = last ?? (.distantPast, UUID(uuidString: "00000000-0000-0000-0000-000000000000")!)
        let rows = try await client.query(
            """
            SELECT id, event_type, title, body, link, created_at, read_at FROM feed_items
            WHERE user_id = \(user) AND (created_at, id) > (\(after), \(id))
            ORDER BY created_at, id LIMIT 50
            """, logger: logger)
        return try await Self.decode(rows)
    }

    private static func decode(_ rows: PostgresRowSequence) async throws -> [Item] {
        var items: [Item] = []
        for try await (id, kind, title, body, link, created, read) in rows.decode(
            (UUID, String, String, String, String?, Date, Date?).self)
        {
            items.append(
                Item(id: id, kind: kind, title: title, body: body, link: link, createdAt: created, readAt: read))
        }
        return items
    }

    private func unread(_ user: UUID, _ logger: Logger) async throws -> Int {
        let rows = try await client.query(
            "SELECT count(*)::int FROM feed_items WHERE user_id = \(user) AND read_at IS NULL", logger: logger)
        return try await rows.decode(Int.self).firstElement() ?? 0
    }
}
