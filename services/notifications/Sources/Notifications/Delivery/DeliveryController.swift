import Foundation
import Hummingbird
import PostgresNIO
import ServiceKit

/// The delivery log, for staff (reports:read): newest first, optionally one status.
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
        var nextAttemptAt: Date
        var deferredReason: String?
    }

    static let statuses = ["pending", "sent", "failed", "cancelled", "gone"]

    func addRoutes(to router: Router<ServiceRequestContext>) {
        router.get("/deliveries", use: list)
    }

    func list(_ request: Request, context: ServiceRequestContext) async throws -> Page<Delivery> {
        _ = try context.require("reports:read")
        let page = try PageRequest(request: request)
        let status = request.uri.queryParameters["status"].map(String.init)
        if let status, !Self.statuses.contains(status) {
            throw AppError.invalid("status", "must be one of \(Self.statuses)")
        }
        let (before, lastID) = try page.dateAndID() ?? (.distantFuture, .max)
        let rows = try await client.query(
            """
            SELECT id, event_id, event_type, channel, recipient, subject, status, attempts, last_error, created_at,
                   sent_at, next_attempt_at, deferred_reason
            FROM deliveries WHERE (created_at, id) < (\(before), \(lastID)) AND (\(status)::text IS NULL OR status = \(status))
            ORDER BY created_at DESC, id DESC LIMIT \(page.limit + 1)
            """, logger: context.logger)
        var items: [Delivery] = []
        for try await row in rows {
            let (id, event, type, channel, recipient, subject, status, attempts, error, created, sent, next, deferred) =
                try row.decode(
                    (UUID, UUID, String, String, String, String, String, Int, String?, Date, Date?, Date, String?).self)
            items.append(
                Delivery(
                    id: id, eventId: event, eventType: type, channel: channel, recipient: recipient, subject: subject,
                    status: status, attempts: attempts, lastError: error, createdAt: created, sentAt: sent,
                    nextAttemptAt: next, deferredReason: deferred))
        }
        return page.page(items) { PageRequest.dateKey($0.createdAt, $0.id) }
    }
}
