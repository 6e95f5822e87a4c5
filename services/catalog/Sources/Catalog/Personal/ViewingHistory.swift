import Foundation
import Hummingbird
import Logging
import Persistence
import PostgresNIO
import ServiceKit

/// What each user watched: recorded from `scheduling.booking.confirmed` (it counts once the
/// screening has started), plus entries the user adds by hand; the user can remove any entry.
enum ViewingHistory {
    static func record(_ event: BookingConfirmed, on connection: PostgresConnection, logger: Logger) async throws {
        try await connection.query(
            """
            INSERT INTO viewing_history (booking_id, user_id, film_id, screening_starts_at)
            VALUES (\(event.bookingId), \(event.userId), \(event.filmId), \(event.startsAt))
            ON CONFLICT (booking_id) DO NOTHING
            """, logger: logger)
    }

    /// The condition of an entry that counts as seen.
    static let seen = "h.screening_starts_at <= now()"
}

/// The caller's viewing history.
struct HistoryController: Sendable {
    let client: PostgresClient

    struct Entry: Codable, Sendable {
        var id: UUID
        var filmId: UUID
        var title: String?
        var watchedAt: Date
        var source: String
        var bookingId: UUID?
    }

    struct Input: Decodable {
        var filmId: UUID
        var watchedAt: Date?
    }

    func addRoutes(to router: Router<ServiceRequestContext>) {
        router.get("/me/history", use: history)
        router.post("/me/history", use: add)
        router.delete("/me/history/:id", use: remove)
    }

    func history(_ request: Request, context: ServiceRequestContext) async throws -> Page<Entry> {
        let identity = try context.requireIdentity()
        let page = try PageRequest(request: request)
        let (before, beforeID) = try page.dateAndID() ?? (.distantFuture, .max)
        let rows = try await client.query(
            """
            SELECT h.id, h.film_id, f.title, h.screening_starts_at, h.source, h.booking_id
            FROM viewing_history h LEFT JOIN films f ON f.id = h.film_id
            WHERE h.user_id = \(identity.userID) AND h.screening_starts_at <= now()
              AND (h.screening_starts_at, h.id) < (\(before), \(beforeID))
            ORDER BY h.screening_starts_at DESC, h.id DESC LIMIT \(page.limit + 1)
            """, logger: context.logger)
        var entries: [Entry] = []
        for try await (id, film, title, watched, source, booking) in rows.decode(
            (UUID, UUID, String?, Date, String, UUID?).self)
        {
            entries.append(
                Entry(id: id, filmId: film, title: title, watchedAt: watched, source: source, bookingId: booking))
        }
        return page.page(entries) { PageRequest.dateKey($0.watchedAt, $0.id) }
    }

    func add(_ request: Request, context: ServiceRequestContext) async throws -> Response {
        let user = try context.requireIdentity().userID
        let input = try await request.decode(as: Input.self, context: context)
        let watched = input.watchedAt ?? .now
        guard watched <= .now.addingTimeInterval(60) else {
            throw AppError.invalid("watchedAt", "must not be in the future")
        }
        let rows = try await client.query(
            """
            INSERT INTO viewing_history (id, user_id, film_id, screening_starts_at, source)
            SELECT gen_random_uuid(), \(user), id, \(watched), 'manual' FROM films WHERE id = \(input.filmId)
            RETURNING id
            """, logger: context.logger)
        guard let id = try await rows.decode(UUID.self).firstElement() else { throw AppError.notFound("Film") }
        return JSONBody.response(
            Entry(id: id, filmId: input.filmId, title: nil, watchedAt: watched, source: "manual", bookingId: nil),
            status: .created)
    }

    func remove(_ request: Request, context: ServiceRequestContext) async throws -> Response {
        let user = try context.requireIdentity().userID
        let id = try context.parameters.require("id", as: UUID.self)
        let rows = try await client.query(
            "DELETE FROM viewing_history WHERE id = \(id) AND user_id = \(user) RETURNING id", logger: context.logger)
        guard try await rows.decode(UUID.self).firstElement() != nil else { throw AppError.notFound("History entry") }
        return Response(status: .noContent)
    }
}
