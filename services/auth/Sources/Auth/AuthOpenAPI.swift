import ServiceKit

/// auth's OpenAPI document (served at /openapi.json; checked against the routes by a test).
enum AuthOpenAPI {
    typealias B = OpenAPIBuilder

    static var document: OpenAPIDocument {
        var api = B(title: "Homestudio auth", description: "Accounts, login and the public keys of access tokens.")
        api.schema(
            "User",
            B.object([
                "id": B.uuid, "email": B.string, "displayName": B.string, "language": B.enumeration(["fr", "en"]),
                "role": B.enumeration(["super_admin", "admin", "moderator", "client"]), "createdAt": B.dateTime,
            ]))
        api.operation(
            "POST", "/register", "Create a client account",
            body: B.object(
                ["email": B.string, "password": B.string, "displayName": B.string, "language": B.string],
                required: ["email", "password", "displayName"]),
            responses: [201: B.ref("User"), 409: nil])
        api.operation(
            "POST", "/login", "Exchange e-mail and password for an access token",
            body: B.object(["email": B.string, "password": B.string]),
            responses: [
                200: B.object([
                    "accessToken": B.string, "tokenType": B.string, "expiresIn": B.integer, "user": B.ref("User"),
                ]),
                401: nil,
            ])
        api.operation("GET", "/me", "The caller's account", secured: true, responses: [200: B.ref("User")])
        api.operation(
            "GET", "/users", "List accounts (users:manage)", secured: true, responses: [200: B.page(of: B.ref("User"))],
            parameters: B.paginationParameters)
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
}
