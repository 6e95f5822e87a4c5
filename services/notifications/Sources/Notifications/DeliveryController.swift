import Foundation
import Hummingbird
import PostgresNIO
import ServiceKit

/// The delivery log, for staff (reports:read).
struct DeliveryController: Sendable {
    let client: PostgresClient

    struct Delivery: Codable, Sendable {
        var id: UUID
        var eventId: UUID
        var eventType: String
        var channel: String
        var recipient: String
        var subject: String
        var status: String
        var attempts: Int
        var lastError: String?
        var createdAt: Date
        var sentAt: Date?
    }

    func addRoutes(to router: Router<ServiceRequestContext>) {
        router.get("/deliveries", use: list)
    }

    func list(_ request: Request, context: ServiceRequestContext) async throws -> Page<Delivery> {
        _ = try context.require("reports:read")
        let page = try PageRequest(request: request)
        let after = page.after.flatMap(Double.init).map { Date(timeIntervalSince1970: $0) } ?? .distantFuture
        let rows = try await client.query(
            """
            SELECT id, event_id, event_type, channel, recipient, subject, status, attempts, last_error, created_at, sent_at
            FROM deliveries WHERE created_at < \(after) ORDER BY created_at DESC LIMIT \(page.limit + 1)
            """, logger: context.logger)
        var items: [Delivery] = []
        for try await row in rows {
            let (id, event, type, channel, recipient, subject, status, attempts, error, created, sent) = try row.decode(
                (UUID, UUID, String, String, String, String, String, Int, String?, Date, Date?).self)
            items.append(
                Delivery(
                    id: id, eventId: event, eventType: type, channel: channel, recipient: recipient, subject: subject,
                    status: status, attempts: attempts, lastError: error, createdAt: created, sentAt: sent))
        }
        return page.page(items) { String($0.createdAt.timeIntervalSince1970) }
    }
}
