import ServiceKit

/// auth's OpenAPI document (served at /openapi.json; checked against the routes by a test).
enum AuthOpenAPI {
    typealias B = OpenAPIBuilder

    static var document: OpenAPIDocument {
        var api = B(title: "Homestudio auth", description: "Accounts, login and the public keys of access tokens.")
        api.schema(
            "User",
            B.object(
                [
                    "id": B.uuid, "email": B.string, "displayName": B.string, "language": B.enumeration(["fr", "en"]),
                    "role": B.enumeration(["super_admin", "admin", "moderator", "client"]), "createdAt": B.dateTime,
                    "emailVerified": B.boolean,
                    "lockedUntil": [
                        "type": ["string", "null"], "format": "date-time",
                        "description": .string(
                            "GET /users only: when the account's last current login lock ends (account-wide, per "
                                + "address or per device; POST /users/{id}/unlock lifts them); absent or null when "
                                + "not locked"),
                    ],
                ], required: ["id", "email", "displayName", "language", "role", "createdAt"]))
        api.operation(
            "POST", "/register",
            "Create a client account (same 202 answer when the address is taken: its owner is e-mailed)",
            body: B.object(
                ["email": B.string, "password": B.string, "displayName": B.string, "language": B.string],
                required: ["email", "password", "displayName"]),
            responses: [202: B.object(["status": B.string, "message": B.string]), 422: nil])
        api.operation(
            "POST", "/login",
            "Exchange e-mail and password for an access token; with useCookie the refresh token is set in the "
                + "HttpOnly hs_refresh cookie (and a CSRF token in hs_csrf) instead of the body. Every login sets "
                + "a device token in the HttpOnly hs_device cookie (SameSite=Strict, on auth's path, 180 days) and, "
                + "unless useCookie, returns it as deviceToken. A client that sends back a valid device token for "
                + "this account (cookie or X-Device-Token) is throttled by its own failures only: failures from "
                + "other addresses or the account-wide lock do not lock it out. 429 login-locked with Retry-After "
                + "when this client or the account is locked (5 failures per address, 20 per account from "
                + "untrusted clients, 5 per device token, within 15 minutes, for 15 minutes)",
            body: B.object(
                ["email": B.string, "password": B.string, "useCookie": B.boolean], required: ["email", "password"]),
            responses: [
                200: B.object(
                    [
                        "accessToken": B.string, "tokenType": B.string, "expiresIn": B.integer,
                        "refreshToken": B.string, "deviceToken": B.string, "user": B.ref("User"),
                    ], required: ["accessToken", "tokenType", "expiresIn", "user"]),
                401: nil, 429: nil,
            ],
            parameters: [
                [
                    "name": "X-Device-Token", "in": "header",
                    "description": "The deviceToken of an earlier login to this account (clients without cookies)",
                    "schema": B.string,
                ],
                [
                    "name": "hs_device", "in": "cookie",
                    "description": "The device token a browser received at an earlier login (HttpOnly)",
                    "schema": B.string,
                ],
            ])
        let pair = B.object(
            [
                "accessToken": B.string, "tokenType": B.string, "expiresIn": B.integer, "refreshToken": B.string,
            ], optional: ["refreshToken"])
        api.operation(
            "POST", "/refresh",
            "Exchange a refresh token for a new pair (rotation; a reused token revokes its whole session). A browser "
                + "session sends {} with its hs_refresh cookie and X-CSRF-Token equal to its hs_csrf cookie",
            body: B.object(["refreshToken": B.string]), responses: [200: pair, 401: nil, 403: nil])
        api.operation(
            "POST", "/password-reset", "Ask for a password-reset link (same answer whether or not the account exists)",
            body: B.object(["email": B.string]), responses: [202: B.object(["message": B.string])])
        api.operation(
            "POST", "/password-reset/confirm", "Set a new password with a reset link's token; ends every session",
            body: B.object(["token": B.string, "newPassword": B.string]), responses: [204: nil])
        api.operation(
            "POST", "/logout", "End the current session (and expire a browser session's cookies)", secured: true,
            responses: [204: nil])
        api.operation(
            "POST", "/logout-all", "End every session of the caller", secured: true,
            responses: [200: B.object(["revokedSessions": B.integer])])
        api.operation(
            "GET", "/sessions", "The caller's active sessions (device, address, last use)", secured: true,
            responses: [
                200: B.page(
                    of: B.object(
                        [
                            "id": B.uuid, "createdAt": B.dateTime, "lastUsedAt": B.dateTime, "expiresAt": B.dateTime,
                            "userAgent": B.string, "clientAddress": B.string, "current": B.boolean,
                        ], required: ["id", "createdAt", "lastUsedAt", "expiresAt", "current"]))
            ])
        api.operation(
            "DELETE", "/sessions/{id}", "Revoke one of the caller's sessions", secured: true,
            responses: [204: nil, 404: nil])
        api.operation(
            "POST", "/verify-email", "Confirm an e-mail address with the token of the welcome e-mail",
            body: B.object(["token": B.string]), responses: [204: nil])
        api.operation("GET", "/me", "The caller's account", secured: true, responses: [200: B.ref("User")])
        api.operation(
            "PATCH", "/me", "Change the caller's display name and/or language (fr, en); an absent field is unchanged",
            secured: true,
            body: B.object(["displayName": B.string, "language": B.enumeration(["fr", "en"])]),
            responses: [200: B.ref("User"), 422: nil])
        api.operation(
            "POST", "/me/password",
            "Change the caller's password knowing the current one (403 wrong-password, counted as a failed login; "
                + "422 on the new one, policy as at registration); every other session is revoked",
            secured: true,
            body: B.object(
                ["currentPassword": B.string, "newPassword": B.string], required: ["currentPassword", "newPassword"]),
            responses: [204: nil, 403: nil, 422: nil, 429: nil])
        dashboard(&api)
        api.operation(
            "GET", "/users",
            "List accounts in id order (users:manage), optionally searched: q is a case-insensitive substring of the "
                + "e-mail or display name, role one role; each with lockedUntil",
            secured: true, responses: [200: B.page(of: B.ref("User")), 422: nil],
            parameters: B.paginationParameters + [
                ["name": "q", "in": "query", "description": "text in the e-mail or display name", "schema": B.string],
                [
                    "name": "role", "in": "query",
                    "schema": B.enumeration(["super_admin", "admin", "moderator", "client"]),
                ],
            ])
        let staffSession = B.object(
            [
                "id": B.uuid, "createdAt": B.dateTime, "lastUsedAt": B.dateTime, "expiresAt": B.dateTime,
                "userAgent": B.string, "clientAddress": B.string,
            ], required: ["id", "createdAt", "lastUsedAt", "expiresAt"])
        api.operation(
            "GET", "/users/{id}/sessions", "A user's active sessions, as GET /sessions without current (users:manage)",
            secured: true, responses: [200: B.page(of: staffSession), 404: nil])
        api.operation(
            "DELETE", "/users/{id}/sessions",
            "End every session of a user (users:manage; an admin's or super admin's need roles:manage); access "
                + "tokens already issued run out within their lifetime. Logged as a security event",
            secured: true, responses: [204: nil, 403: nil, 404: nil])
        api.operation(
            "DELETE", "/users/{id}/sessions/{sid}",
            "End one session of a user (users:manage; an admin's or super admin's need roles:manage). Logged as a "
                + "security event",
            secured: true, responses: [204: nil, 403: nil, 404: nil])
        api.operation(
            "PUT", "/users/{id}/role",
            "Change a user's role (users:manage; admin and super admin roles need roles:manage)", secured: true,
            body: B.object(["role": B.enumeration(["super_admin", "admin", "moderator", "client"])]),
            responses: [200: B.ref("User"), 404: nil, 409: nil])
        api.operation(
            "POST", "/users/{id}/unlock",
            "Lift every login lock and counter of an account: account-wide, per address, per device (users:manage)",
            secured: true,
            responses: [204: nil, 404: nil])
        let key = B.object(
            [
                "kid": B.string, "status": B.enumeration(["pending", "active", "verifying", "expired", "retired"]),
                "createdAt": B.dateTime, "activatesAt": B.dateTime, "supersededAt": B.dateTime,
            ], optional: ["supersededAt"])
        api.operation(
            "GET", "/signing-keys", "Signing keys and their state (keys:manage)", secured: true,
            responses: [200: B.page(of: key)])
        api.operation(
            "POST", "/signing-keys/rotate",
            "Pre-publish a new signing key; it signs from activatesAt on (keys:manage)", secured: true,
            responses: [202: key])
        api.operation(
            "POST", "/signing-keys/{kid}/withdraw",
            "Withdraw a compromised signing key at once: out of the JWKS, replaced by a new key that signs now when it "
                + "was the signer (keys:manage)",
            secured: true, responses: [200: B.object(["withdrawn": key, "signing": key]), 404: nil])
        api.operation(
            "GET", "/.well-known/jwks.json", "Public keys that verify access tokens (RFC 7517)",
            responses: [
                200: B.object([
                    "keys": B.array(
                        B.object([
                            "kty": B.string, "crv": B.string, "alg": B.string, "use": B.string, "kid": B.string,
                            "x": B.string,
                        ]))
                ])
            ])
        return api.document
    }

    /// A staff member's dashboard layout (`DashboardController`).
    static func dashboard(_ api: inout B) {
        let item = B.object(
            [
                "id": ["type": "string", "pattern": "^[A-Za-z0-9_-]{1,64}$"],
                "kind": B.enumeration(["card", "chart"]),
                "metric": B.enumeration(DashboardLayout.cards + DashboardLayout.charts),
                "period": B.enumeration(DashboardLayout.periods), "cinemaId": B.uuid,
                "view": B.enumeration(["chart", "table"]), "width": ["type": "integer", "minimum": 1, "maximum": 4],
            ], required: ["id", "kind", "metric"])
        var layout: [String: JSONValue] = [
            "period": B.enumeration(DashboardLayout.periods), "cinemaId": B.uuid,
            "items": ["type": "array", "items": item, "maxItems": .number(Double(DashboardLayout.maxItems))],
        ]
        let body = B.object(layout, required: ["period", "items"])
        layout["updatedAt"] = B.dateTime
        let dashboard = B.object(layout, required: ["period", "items"])
        api.operation(
            "GET", "/me/dashboard",
            "The caller's dashboard layout (staff: dashboard:own); the standard one, without updatedAt, until saved",
            secured: true, responses: [200: dashboard])
        api.operation(
            "PUT", "/me/dashboard",
            "Save the caller's dashboard layout (staff: dashboard:own): at most 16 KiB (413) and 50 items,"
                + " every invalid field named in one 422",
            secured: true, body: body, responses: [200: dashboard, 413: nil, 422: nil])
    }
}
