import AuthKit
import Foundation
import Hummingbird
import Logging
import Messaging
import NIOCore
import PostgresNIO
import ServiceKit

/// A message the service's consumer parked, as staff see it.
public struct ParkedMessage: ResponseCodable, Sendable {
    public var id: UUID
    public var messageId: String
    public var eventId: UUID?
    public var routingKey: String
    public var type: String
    /// The body as received (UTF-8; a malformed message shows as it came).
    public var body: String
    public var headers: [String: String]
    public var reason: String
    public var parkedAt: Date
    public var status: String
    public var replayedAt: Date?
    public var replayedBy: UUID?
    /// The id of the message the replay published (through the outbox).
    public var replayMessageId: UUID?
    public var discardedAt: Date?
    public var discardedBy: UUID?
    public var discardReason: String?
}

/// Staff's view of a consuming service's parking lot (`ParkedMessages`): list, replay, discard.
/// Every route needs `operations:manage`; each replay and discard keeps who and when on the row
/// and writes an audit log line (`parked message replayed` / `discarded`, with `staffId`).
/// Registered by `ServiceBlueprint` for every service that consumes events.
public struct ParkedMessagesController: Sendable {
    public let client: PostgresClient
    public let service: String

    public init(client: PostgresClient, service: String) {
        self.client = client
        self.service = service
    }

    public static let permission = "operations:manage"
    static let statuses = ["parked", "replayed", "discarded"]

    public func addRoutes(to router: Router<ServiceRequestContext>) {
        router.get("/parked-messages", use: list)
        router.post("/parked-messages/:id/replay", use: replay)
        router.post("/parked-messages/:id/discard", use: discard)
    }

    static let columns = """
        id, message_id, event_id, routing_key, type, body, headers::text, reason, parked_at, status, replayed_at,
        replayed_by, replay_message_id, discarded_at, discarded_by, discard_reason
        """

    /// Newest first, `?status=parked|replayed|discarded` (all by default), keyset pages.
    func list(_ request: Request, context: ServiceRequestContext) async throws -> Page<ParkedMessage> {
        _ = try context.require(Self.permission)
        var query = QueryCheck(request)
        let status = query.oneOf("status", Self.statuses)
        try query.finish()
        let page = try PageRequest(request: request)
        let (before, beforeID) = try page.dateAndID() ?? (.distantFuture, .max)
        let rows = try await client.query(
            """
            SELECT \(unescaped: Self.columns) FROM parked_messages
            WHERE (\(status)::text IS NULL OR status = \(status)) AND (parked_at, id) < (\(before), \(beforeID))
            ORDER BY parked_at DESC, id DESC LIMIT \(page.limit + 1)
            """, logger: context.logger)
        return page.page(try await Self.messages(rows)) { PageRequest.dateKey($0.parkedAt, $0.id) }
    }

    /// Re-publishes the original message to this service's work queue through the outbox.
    func replay(_ request: Request, context: ServiceRequestContext) async throws -> ParkedMessage {
        let staff = try context.require(Self.permission)
        let id = try context.parameters.require("id", as: UUID.self)
        let message = try await client.transaction(logger: context.logger) { connection in
            let rows = try await connection.query(
                "SELECT routing_key, type, body, event_id, status FROM parked_messages WHERE id = \(id) FOR UPDATE",
                logger: context.logger)
            guard
                let (routingKey, type, body, eventID, status) = try await rows.decode(
                    (String, String, ByteBuffer, UUID?, String).self
                ).firstElement()
            else { throw AppError.notFound("Parked message") }
            try Self.requireParked(status)
            let published = try await ParkedMessages.enqueueReplay(
                of: id, type: type, routingKey: routingKey, body: body, eventID: eventID, service: service,
                on: connection, logger: context.logger)
            let updated = try await connection.query(
                """
                UPDATE parked_messages SET status = 'replayed', replayed_at = now(), replayed_by = \(staff.userID),
                       replay_message_id = \(published)
                WHERE id = \(id) RETURNING \(unescaped: Self.columns)
                """, logger: context.logger)
            return try await Self.messages(updated)[0]
        }
        context.logger.notice(
            "parked message replayed",
            metadata: [
                "audit": "true", "staffId": "\(staff.userID)", "parkedMessageId": "\(id)", "type": "\(message.type)",
                "replayMessageId": "\(message.replayMessageId.map { "\($0)" } ?? "")",
            ])
        return message
    }

    struct DiscardInput: Decodable {
        var reason: String?
    }

    /// Marks a parked message discarded (it stays listed, with who, when and why).
    func discard(_ request: Request, context: ServiceRequestContext) async throws -> ParkedMessage {
        let staff = try context.require(Self.permission)
        let id = try context.parameters.require("id", as: UUID.self)
        let input = try await Self.discardInput(request, context: context)
        let reason = input.reason?.trimmingCharacters(in: .whitespacesAndNewlines)
        if let reason, !(1...500).contains(reason.count) {
            throw AppError.invalid("reason", "must have 1 to 500 characters")
        }
        let message = try await client.transaction(logger: context.logger) { connection in
            let rows = try await connection.query(
                "SELECT status FROM parked_messages WHERE id = \(id) FOR UPDATE", logger: context.logger)
            guard let status = try await rows.decode(String.self).firstElement() else {
                throw AppError.notFound("Parked message")
            }
            try Self.requireParked(status)
            let updated = try await connection.query(
                """
                UPDATE parked_messages SET status = 'discarded', discarded_at = now(), discarded_by = \(staff.userID),
                       discard_reason = \(reason)
                WHERE id = \(id) RETURNING \(unescaped: Self.columns)
                """, logger: context.logger)
            return try await Self.messages(updated)[0]
        }
        context.logger.notice(
            "parked message discarded",
            metadata: [
                "audit": "true", "staffId": "\(staff.userID)", "parkedMessageId": "\(id)", "type": "\(message.type)",
                "reason": "\(reason ?? "")",
            ])
        return message
    }

    /// The discard body is optional: no body at all is a discard without a reason.
    static func discardInput(_ request: Request, context: ServiceRequestContext) async throws -> DiscardInput {
        var request = request
        let buffer = try await request.collectBody(upTo: context.maxUploadSize)
        guard buffer.readableBytes > 0 else { return DiscardInput(reason: nil) }
        return try StrictJSONDecoder.decode(DiscardInput.self, from: Data(buffer: buffer))
    }

    static func requireParked(_ status: String) throws {
        guard status == "parked" else {
            throw AppError.conflict("parked-message-resolved", "This message was already \(status)")
        }
    }

    static func messages(_ rows: PostgresRowSequence) async throws -> [ParkedMessage] {
        var messages: [ParkedMessage] = []
        for try await row in rows {
            let column = row.makeRandomAccess()
            let body = try column[5].decode(ByteBuffer.self)
            let headers = try column[6].decode(String.self)
            messages.append(
                ParkedMessage(
                    id: try column[0].decode(UUID.self), messageId: try column[1].decode(String.self),
                    eventId: try column[2].decode(UUID?.self), routingKey: try column[3].decode(String.self),
                    type: try column[4].decode(String.self), body: String(decoding: Data(buffer: body), as: UTF8.self),
                    headers: (try? JSONDecoder().decode([String: String].self, from: Data(headers.utf8))) ?? [:],
                    reason: try column[7].decode(String.self), parkedAt: try column[8].decode(Date.self),
                    status: try column[9].decode(String.self), replayedAt: try column[10].decode(Date?.self),
                    replayedBy: try column[11].decode(UUID?.self), replayMessageId: try column[12].decode(UUID?.self),
                    discardedAt: try column[13].decode(Date?.self), discardedBy: try column[14].decode(UUID?.self),
                    discardReason: try column[15].decode(String?.self)))
        }
        return messages
    }

    /// The operations of every consuming service's OpenAPI document.
    public static var openAPI: OpenAPIBuilder {
        typealias B = OpenAPIBuilder
        var api = B(title: "", description: "")
        let optionalDate: JSONValue = ["type": ["string", "null"], "format": "date-time"]
        let optionalID: JSONValue = ["type": ["string", "null"], "format": "uuid"]
        let message = B.object(
            [
                "id": B.uuid, "messageId": B.string, "eventId": optionalID, "routingKey": B.string, "type": B.string,
                "body": B.string, "headers": ["type": "object", "additionalProperties": B.string],
                "reason": B.string, "parkedAt": B.dateTime,
                "status": B.enumeration(statuses), "replayedAt": optionalDate, "replayedBy": optionalID,
                "replayMessageId": optionalID, "discardedAt": optionalDate, "discardedBy": optionalID,
                "discardReason": ["type": ["string", "null"]],
            ],
            required: ["id", "messageId", "routingKey", "type", "body", "headers", "reason", "parkedAt", "status"])
        api.schema("ParkedMessage", message)
        api.operation(
            "GET", "/parked-messages",
            "The messages this service's consumer parked, newest first (operations:manage)", secured: true,
            responses: [200: B.page(of: B.ref("ParkedMessage")), 422: nil],
            parameters: B.paginationParameters + [
                ["name": "status", "in": "query", "schema": B.enumeration(statuses)]
            ])
        api.operation(
            "POST", "/parked-messages/{id}/replay",
            "Replay a parked message (operations:manage): its original body is published again to this service's"
                + " work queue through the outbox; 409 parked-message-resolved once replayed or discarded",
            secured: true, responses: [200: B.ref("ParkedMessage"), 404: nil, 409: nil])
        api.operation(
            "POST", "/parked-messages/{id}/discard",
            "Discard a parked message (operations:manage), with an optional reason; 409 parked-message-resolved"
                + " once replayed or discarded",
            secured: true, body: B.object(["reason": B.string], required: []),
            responses: [200: B.ref("ParkedMessage"), 404: nil, 409: nil, 422: nil])
        return api
    }
}
