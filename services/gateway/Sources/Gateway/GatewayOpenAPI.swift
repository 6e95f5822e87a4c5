import ServiceKit

/// The gateway's own OpenAPI document; each service's API is at `/api/<service>/openapi.json`.
enum GatewayOpenAPI {
    typealias B = OpenAPIBuilder

    static var document: OpenAPIDocument {
        var api = B(
            title: "Homestudio gateway",
            description: "Routes /api/<service>/… to auth, catalog, scheduling, payments and notifications.")
        for method in ["GET", "POST", "PUT", "PATCH", "DELETE"] {
            api.operation(
                method, "/api/{service}/{path}",
                "Forwarded to the service (token required unless public; with session cookies, a state-changing "
                    + "call needs X-CSRF-Token equal to the hs_csrf cookie)",
                responses: [200: nil, 401: nil, 403: nil, 404: nil, 413: nil, 429: nil, 503: nil, 504: nil])
        }
        api.operation("GET", "/.well-known/jwks.json", "auth's public keys (JWKS)")
        api.operation("GET", "/docs", "Interactive API documentation (offline)")
        api.operation(
            "GET", "/docs/{file}", "Documentation assets, catalogue.json (the documents) and asyncapi.json",
            responses: [200: nil, 404: nil])
        api.operation("GET", "/", "The web app (index.html, no-cache)", responses: [200: nil, 304: nil, 404: nil])
        api.operation(
            "GET", "/{path}",
            "The web app's files (content-hashed /assets/… immutable, Brotli or gzip by Accept-Encoding) and its "
                + "client routes (index.html); never for /api, /docs, /.well-known",
            responses: [200: nil, 304: nil, 404: nil])
        return api.document
    }
}
