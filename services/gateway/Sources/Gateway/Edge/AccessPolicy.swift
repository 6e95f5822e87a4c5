import AuthKit
import Foundation
import HTTPTypes
import ServiceKit

/// Which calls may pass the gateway without a token. Everything else needs a valid access token
/// before it reaches a service (which then checks permissions itself).
struct AccessPolicy: Sendable {
    let verifier: TokenVerifier

    /// (method or nil for any, service, path prefix) of the public API.
    static let publicRoutes: [(HTTPRequest.Method?, String, String)] = [
        (nil, "auth", "/register"), (nil, "auth", "/login"), (.post, "auth", "/refresh"),
        (.post, "auth", "/password-reset"), (.post, "auth", "/verify-email"),
        (.get, "auth", "/.well-known/jwks.json"),
        (.get, "catalog", "/films"), (.get, "catalog", "/categories"), (.get, "catalog", "/genres"),
        (.get, "catalog", "/people"), (.get, "catalog", "/lists"), (.get, "catalog", "/images"),
        (.get, "scheduling", "/cinemas"),
        (.get, "scheduling", "/screenings"),
        (.get, "scheduling", "/auditoriums"), (.post, "payments", "/webhooks"),
        (.get, "payments", "/rates/convert"), (.get, "payments", "/providers"), (nil, "notifications", "/unsubscribe"),
        (.get, "notifications", "/push/vapid-key"),
    ]

    static func isPublic(method: HTTPRequest.Method, service: String, path: String) -> Bool {
        if method == .get, path == "/openapi.json" { return true }
        return publicRoutes.contains { rule in
            (rule.0 == nil || rule.0 == method) && rule.1 == service && Self.isWithin(path, prefix: rule.2)
        }
    }

    /// `path` is `prefix` or below it (`/films`, `/films/1`; not `/filmsx`), without building strings.
    static func isWithin(_ path: String, prefix: String) -> Bool {
        var rest = path.utf8[...]
        for byte in prefix.utf8 {
            guard rest.first == byte else { return false }
            rest = rest.dropFirst()
        }
        return rest.isEmpty || rest.first == UInt8(ascii: "/")
    }

    /// Health and metrics are internal (each service's `http.internal.port`): the edge never
    /// forwards them, even if a service were to serve them on its public port.
    static func isInternal(_ segments: [String]) -> Bool {
        segments.first.map { isInternal(segment: $0) } ?? false
    }

    /// One path segment, plain or percent-encoded (Foundation decodes only when there is a `%`).
    static func isInternal(segment: some StringProtocol) -> Bool {
        guard segment.utf8.contains(UInt8(ascii: "%")) else { return isInternalName(segment) }
        return String(segment).removingPercentEncoding.map(isInternalName) ?? false
    }

    private static func isInternalName(_ name: some StringProtocol) -> Bool {
        guard name.utf8.count == 6 || name.utf8.count == 7 else { return false }
        let lowered = name.lowercased()
        return lowered == "metrics" || lowered == "health"
    }

    /// False for `.`/`..` segments, plain or percent-encoded: the upstream would resolve them, so
    /// `/films/../me` must not pass as the public `/films`.
    static func isCanonical(_ segments: [String]) -> Bool {
        !segments.contains { segment in
            let decoded = segment.removingPercentEncoding ?? segment
            return decoded == "." || decoded == ".." || decoded.contains("/")
        }
    }

    /// Refuses a protected call without a valid token (401 problem); returns the caller's user id
    /// (for per-user rate limits), nil on public routes (their tokens are not checked here).
    func check(method: HTTPRequest.Method, service: String, path: String, authorization: String?) async throws
        -> String?
    {
        guard !Self.isPublic(method: method, service: service, path: path) else { return nil }
        guard let token = AuthenticationMiddleware.bearerToken(authorization) else { throw AppError.unauthorized() }
        return try await verifier.verify(token).userID.uuidString.lowercased()
    }
}
