import Foundation
import Hummingbird
import Logging
import PostgresNIO
import ServiceKit

/// What each user watched, recorded from `scheduling.booking.confirmed`.
enum ViewingHistory {
    static func record(_ event: BookingConfirmed, on connection: PostgresConnection, logger: Logger) async throws {
        try await connection.query(
            """
            INSERT INTO viewing_history (booking_id, user_id, film_id, screening_starts_at)
            VALUES (\(event.bookingId), \(event.userId), \(event.filmId), \(event.startsAt))
            ON CONFLICT (booking_id) DO NOTHING
            """, logger: logger)
    }
}

/// The caller's viewing history.
struct HistoryController: Sendable {
    let client: PostgresClient

    struct Entry: Codable, Sendable {
        var bookingId: UUID
        var filmId: UUID
        var title: String?
        var screeningStartsAt: Date
    }

    func addRoutes(to router: Router<ServiceRequestContext>) {
        router.get("/me/history", use: history)
    }

    func history(_ request: Request, context: ServiceRequestContext) async throws -> Page<Entry> {
        let identity = try context.requireIdentity()
        let page = try PageRequest(request: request)
        let after = page.after.flatMap { Double($0) }.map { Date(timeIntervalSince1970: $0) } ?? .distantFuture
        let rows = try await client.query(
            """
            SELECT h.booking_id, h.film_id, f.title, h.screening_starts_at
            FROM viewing_history h LEFT JOIN films f ON f.id = h.film_id
            WHERE h.user_id = \(identity.userID) AND h.screening_starts_at < \(after)
            ORDER BY h.screening_starts_at DESC LIMIT \(page.limit + 1)
            """, logger: context.logger)
        var entries: [Entry] = []
        for try await (booking, film, title, startsAt) in rows.decode((UUID, UUID, String?, Date).self) {
            entries.append(Entry(bookingId: booking, filmId: film, title: title, screeningStartsAt: startsAt))
        }
        return page.page(entries) { String($0.screeningStartsAt.timeIntervalSince1970) }
    }
}
