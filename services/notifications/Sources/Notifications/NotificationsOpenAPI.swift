import ServiceKit

/// notifications' OpenAPI document (served at /openapi.json; checked against the routes by a test).
enum NotificationsOpenAPI {
    typealias B = OpenAPIBuilder

    static var document: OpenAPIDocument {
        var api = B(
            title: "Homestudio notifications",
            description: "Messages to people (e-mail, SMS, Web Push, in-app), their templates, preferences, "
                + "alert rules, and the delivery log.")
        deliveries(&api)
        templates(&api)
        preferences(&api)
        feed(&api)
        push(&api)
        alerts(&api)
        return api.document
    }

    static let channel = B.enumeration(["email", "sms", "push", "inapp"])

    static func deliveries(_ api: inout B) {
        api.operation(
            "GET", "/deliveries", "Delivery log, newest first (reports:read)", secured: true,
            responses: [
                200: B.page(
                    of: B.object(
                        [
                            "id": B.uuid, "eventId": B.uuid, "eventType": B.string, "channel": channel,
                            "recipient": B.string, "subject": B.string,
                            "status": B.enumeration(["pending", "sent", "failed", "cancelled", "gone"]),
                            "attempts": B.integer, "lastError": B.string, "createdAt": B.dateTime,
                            "sentAt": B.dateTime, "nextAttemptAt": B.dateTime, "deferredReason": B.string,
                        ],
                        required: [
                            "id", "eventId", "eventType", "channel", "recipient", "status", "attempts", "createdAt",
                        ]))
            ], parameters: B.paginationParameters + [["name": "status", "in": "query", "schema": B.string]])
    }

    static func templates(_ api: inout B) {
        let text = B.object(["subject": B.string, "body": B.string, "html": B.string], required: ["subject", "body"])
        let version = B.object(
            [
                "version": B.integer, "subject": B.string, "body": B.string, "html": B.string, "author": B.string,
                "createdAt": B.dateTime,
            ], required: ["version", "subject", "body", "author", "createdAt"])
        let path = "/templates/{kind}/{channel}/{locale}"
        api.operation(
            "GET", "/templates", "The templates in use: kind × channel × locale (templates:write)", secured: true,
            responses: [
                200: B.page(
                    of: B.object([
                        "kind": B.string, "channel": channel, "locale": B.string, "version": B.integer,
                        "author": B.string, "createdAt": B.dateTime,
                    ]))
            ])
        api.operation(
            "GET", path, "A template's versions, newest first, and the variables it may use", secured: true,
            responses: [
                200: B.object([
                    "kind": B.string, "channel": channel, "locale": B.string, "variables": B.array(B.string),
                    "versions": B.array(version),
                ]), 404: nil,
            ])
        api.operation(
            "PUT", path, "Save a new version (422 names the part and line of unknown variables or broken syntax)",
            secured: true, body: text, responses: [201: version, 404: nil])
        api.operation(
            "POST", path + "/preview", "Render the current version, or a draft, with sample data", secured: true,
            body: B.object(["subject": B.string, "body": B.string, "html": B.string]),
            responses: [200: text, 404: nil])
        api.operation(
            "POST", path + "/rollback", "Make an old version current again (as a new version)", secured: true,
            body: B.object(["version": B.integer], required: ["version"]), responses: [201: version, 404: nil])
    }

    static func preferences(_ api: inout B) {
        let choice = B.object(
            ["channels": B.array(channel), "frequency": B.enumeration(["immediate", "daily", "weekly"])],
            required: ["channels", "frequency"])
        let fields: [String: JSONValue] = [
            "language": [
                "type": "string", "enum": ["fr", "en"],
                "description": "The language of every message (templates, dates, amounts, explanations)",
            ],
            "timeZone": [
                "type": "string", "examples": ["Europe/Paris", "America/New_York"],
                "description": .string(
                    "IANA time zone (Europe/Paris until set): every date in my messages is in it; "
                        + "quiet hours and digest times follow it"),
            ],
            "phone": B.string,
            "quietHours": B.object(["start": B.string, "end": B.string], required: ["start", "end"]),
            "filters": B.object(
                ["genres": B.array(B.string), "languages": B.array(B.string)], required: ["genres", "languages"]),
            "categories": [
                "type": "object", "description": "bookings, security, marketing, reminders",
                "additionalProperties": choice,
            ],
        ]
        let preferences = B.object(fields, optional: ["phone", "quietHours"])
        api.operation(
            "GET", "/preferences", "My notification preferences", secured: true, responses: [200: preferences])
        api.operation(
            "PUT", "/preferences",
            "Change my preferences (absent fields unchanged; bookings and security keep at least one channel)",
            secured: true, body: B.object(fields, required: []), responses: [200: preferences])
        let token: [JSONValue] = [["name": "token", "in": "query", "required": true, "schema": B.string]]
        api.operation(
            "GET", "/unsubscribe", "The page behind a marketing e-mail's unsubscribe link (HTML, a button that POSTs)",
            responses: [200: nil, 422: nil], parameters: token)
        api.operation(
            "POST", "/unsubscribe", "One-click unsubscribe from marketing (RFC 8058; the token is signed)",
            responses: [200: B.object(["unsubscribed": B.string]), 422: nil], parameters: token)
    }

    static func feed(_ api: inout B) {
        let item = B.object(
            [
                "id": B.uuid, "kind": B.string, "title": B.string, "body": B.string, "link": B.string,
                "createdAt": B.dateTime, "readAt": B.dateTime,
            ], required: ["id", "kind", "title", "body", "createdAt"])
        let unread = B.object(["unreadCount": B.integer], required: ["unreadCount"])
        api.operation(
            "GET", "/feed", "My in-app notifications, newest first, with the unread count", secured: true,
            responses: [
                200: B.object(
                    ["items": B.array(item), "nextCursor": B.string, "unreadCount": B.integer],
                    required: ["items", "unreadCount"])
            ], parameters: B.paginationParameters)
        api.operation("POST", "/feed/{id}/read", "Mark one read", secured: true, responses: [200: unread, 404: nil])
        api.operation("POST", "/feed/read-all", "Mark all read", secured: true, responses: [200: unread])
        api.operation(
            "GET", "/feed/stream",
            "Server-sent events: `unread` ({unreadCount}) first, then `notification` (an item) per new one",
            secured: true, responses: [200: nil])
    }

    static func push(_ api: inout B) {
        let stored = B.object(
            ["id": B.uuid, "endpoint": B.string, "createdAt": B.dateTime], required: ["id", "endpoint", "createdAt"])
        api.operation(
            "GET", "/push/vapid-key", "The VAPID public key (applicationServerKey), base64url",
            responses: [200: B.object(["publicKey": B.string], required: ["publicKey"])])
        api.operation(
            "GET", "/push/subscriptions", "My push subscriptions", secured: true, responses: [200: B.page(of: stored)])
        api.operation(
            "POST", "/push/subscriptions", "Subscribe a browser (PushSubscription.toJSON())", secured: true,
            body: B.object(
                [
                    "endpoint": B.string,
                    "keys": B.object(["p256dh": B.string, "auth": B.string], required: ["p256dh", "auth"]),
                ], required: ["endpoint", "keys"]), responses: [201: stored])
        api.operation(
            "DELETE", "/push/subscriptions/{id}", "Unsubscribe", secured: true, responses: [204: nil, 404: nil])
    }

    static func alerts(_ api: inout B) {
        let rule = B.object(
            [
                "id": B.uuid, "name": B.string,
                "kind": [
                    "type": "string", "enum": ["occupancy", "fraud", "refunds", "parked"],
                    "description": .string(
                        "occupancy: a screening reached threshold %; fraud: a suspected fraud, once per "
                            + "windowMinutes per customer; refunds: threshold refunds within windowMinutes, once per "
                            + "window; parked: a message was parked"),
                ],
                "threshold": ["type": "integer", "minimum": 0, "maximum": 100_000, "default": 0],
                "windowMinutes": [
                    "type": "integer", "minimum": 1, "maximum": 10_080, "default": 60,
                    "description": "refunds: the counting window; fraud: one alert per customer within it",
                ],
                "recipients": B.array(B.string),
                "channels": B.array(channel), "enabled": B.boolean, "lastFiredAt": B.dateTime,
            ], required: ["name", "kind", "recipients", "channels"])
        api.operation(
            "GET", "/alert-rules", "Staff alert rules (alerts:manage)", secured: true,
            responses: [200: B.page(of: rule)])
        api.operation(
            "POST", "/alert-rules",
            "Create a rule: recipients are e-mail addresses, E.164 numbers (SMS) or user ids (in-app); each alert "
                + "is written in its recipient's language and time zone when they are a contact. A rule that fails "
                + "never holds back customers' messages",
            secured: true, body: rule, responses: [201: rule, 422: nil])
        api.operation(
            "PATCH", "/alert-rules/{id}",
            "Edit a rule (alerts:manage): any of name, threshold, windowMinutes, recipients, channels, enabled "
                + "(false pauses it); the kind cannot change. The rule after the edit is validated as by POST "
                + "(422 naming every invalid field)",
            secured: true,
            body: B.object(
                [
                    "name": B.string, "threshold": B.integer, "windowMinutes": B.integer,
                    "recipients": B.array(B.string), "channels": B.array(channel), "enabled": B.boolean,
                ]), responses: [200: rule, 404: nil, 422: nil])
        api.operation("DELETE", "/alert-rules/{id}", "Delete a rule", secured: true, responses: [204: nil, 404: nil])
        let firing = B.object(
            [
                "id": B.uuid,
                "ruleId": ["type": ["string", "null"], "format": "uuid", "description": "null once deleted"],
                "ruleName": B.string, "kind": B.enumeration(["occupancy", "fraud", "refunds", "parked"]),
                "subject": [
                    "type": ["string", "null"],
                    "description": .string(
                        "occupancy: the screening id; fraud: the customer (else booking) id; parked: the "
                            + "service; refunds: null"),
                ],
                "details": ["type": "object", "additionalProperties": B.string, "description": "the alert's values"],
                "firedAt": B.dateTime,
                "deliveries": B.array(
                    B.object([
                        "channel": B.string, "recipient": B.string,
                        "status": B.enumeration(["pending", "sent", "failed", "cancelled", "gone"]),
                    ])),
            ], required: ["id", "ruleName", "kind", "firedAt", "deliveries"])
        api.operation(
            "GET", "/alert-firings",
            "The alerts that fired, newest first (alerts:manage or reports:read), one row per firing, each with "
                + "the deliveries it made and their current status (deliveries are kept retention.deliveries.days, "
                + "as the firings are). Firings from before this log existed are not listed.",
            secured: true, responses: [200: B.page(of: firing), 422: nil],
            parameters: B.paginationParameters + [
                ["name": "ruleId", "in": "query", "schema": B.uuid],
                ["name": "kind", "in": "query", "schema": B.enumeration(["occupancy", "fraud", "refunds", "parked"])],
                ["name": "from", "in": "query", "description": "fired at or after (ISO 8601)", "schema": B.dateTime],
                ["name": "to", "in": "query", "description": "fired before (ISO 8601)", "schema": B.dateTime],
            ])
    }
}
