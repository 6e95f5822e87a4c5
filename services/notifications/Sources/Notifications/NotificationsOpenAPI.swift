import ServiceKit

/// notifications' OpenAPI document (served at /openapi.json; checked against the routes by a test).
enum NotificationsOpenAPI {
    typealias B = OpenAPIBuilder

    static var document: OpenAPIDocument {
        var api = B(title: "Homestudio notifications", description: "Messages sent to people, and their delivery log.")
        api.operation(
            "GET", "/deliveries", "Delivery log, newest first (reports:read)", secured: true,
            responses: [
                200: B.page(
                    of: B.object(
                        [
                            "id": B.uuid, "eventId": B.uuid, "eventType": B.string, "channel": B.string,
                            "recipient": B.string, "subject": B.string,
                            "status": B.enumeration(["pending", "sent", "failed"]), "attempts": B.integer,
                            "lastError": B.string, "createdAt": B.dateTime, "sentAt": B.dateTime,
                        ],
                        required: [
                            "id", "eventId", "eventType", "channel", "recipient", "status", "attempts", "createdAt",
                        ]))
            ], parameters: B.paginationParameters)
        return api.document
    }
}
