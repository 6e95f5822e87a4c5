import HTTPTypes
import Hummingbird
import ServiceKit

/// The gateway's answer to browsers: CORS for the configured origins only (`cors.allowed.origins`,
/// comma-separated; none by default), preflights answered here (204, or 403 problem+json for an
/// origin or method not allowed), and security headers on every response, errors included:
/// `X-Content-Type-Options: nosniff`, `Referrer-Policy: no-referrer`, a CSP that forbids framing
/// (`frame-ancestors 'none'`) and, for the API, any active content; with TLS,
/// `Strict-Transport-Security`.
struct EdgeHeadersMiddleware<Context: RequestContext>: RouterMiddleware {
    let allowedOrigins: Set<String>
    /// `max-age` of HSTS, nil when the gateway speaks plain HTTP (HSTS over HTTP is ignored anyway).
    var hstsMaxAge: Int? = nil

    static var allowedMethods: String { "GET, POST, PUT, PATCH, DELETE" }
    static var allowedHeaders: String {
        "Authorization, Content-Type, X-CSRF-Token, Idempotency-Key, If-None-Match, X-Request-Id, traceparent"
    }
    static var exposedHeaders: String {
        "ETag, Retry-After, X-Request-Id, Location, RateLimit-Limit, RateLimit-Remaining, RateLimit-Reset, "
            + "RateLimit-Policy, X-Cache"
    }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response)
        async throws -> Response
    {
        let origin = request.headers[.origin]
        if request.method == .options, let wanted = request.headers[.accessControlRequestMethod] {
            return try preflight(origin: origin, method: wanted, request: request, context: context)
        }
        var response: Response
        do {
            response = try await next(request, context)
        } catch let error as any HTTPResponseError {
            response = try error.response(from: request, context: context)
        }
        secure(&response.headers, docs: request.uri.path.hasPrefix("/docs"))
        if let origin, allowedOrigins.contains(origin) {
            response.headers[.accessControlAllowOrigin] = origin
            response.headers[.accessControlAllowCredentials] = "true"
            response.headers[.accessControlExposeHeaders] = Self.exposedHeaders
        }
        if !allowedOrigins.isEmpty { response.headers.append(HTTPField(name: .vary, value: "Origin")) }
        return response
    }

    private func preflight(origin: String?, method: String, request: Request, context: Context) throws -> Response {
        guard let origin, allowedOrigins.contains(origin) else {
            var response = try AppError(.forbidden, code: "cors-origin", "This origin may not call the API")
                .response(from: request, context: context)
            secure(&response.headers, docs: false)
            return response
        }
        guard
            Self.allowedMethods.split(separator: ",").map({ $0.trimmingCharacters(in: .whitespaces) })
                .contains(method.uppercased())
        else {
            var response = try AppError(.forbidden, code: "cors-method", "\(method) is not allowed")
                .response(from: request, context: context)
            secure(&response.headers, docs: false)
            return response
        }
        var headers: HTTPFields = [
            .accessControlAllowOrigin: origin, .accessControlAllowCredentials: "true",
            .accessControlAllowMethods: Self.allowedMethods, .accessControlAllowHeaders: Self.allowedHeaders,
            .accessControlMaxAge: "600", .vary: "Origin",
        ]
        secure(&headers, docs: false)
        return Response(status: .noContent, headers: headers)
    }

    private func secure(_ headers: inout HTTPFields, docs: Bool) {
        EdgeSecurity.apply(to: &headers, docs: docs, hstsMaxAge: hstsMaxAge)
    }
}

/// The security headers every answer of the edge carries (see `EdgeHeadersMiddleware`; the web
/// app's fast path, `WebFastPath`, adds the same).
enum EdgeSecurity {
    static func apply(to headers: inout HTTPFields, docs: Bool, hstsMaxAge: Int?) {
        headers[.xContentTypeOptions] = "nosniff"
        headers[HTTPField.Name("Referrer-Policy")!] = "no-referrer"
        // The web app's answers carry their own policy (Web/WebController.swift).
        if headers[.contentSecurityPolicy] == nil {
            headers[.contentSecurityPolicy] =
                docs
                ? "default-src 'self'; connect-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
                    + "frame-ancestors 'none'"
                : "default-src 'none'; frame-ancestors 'none'"
        }
        if let hstsMaxAge { headers[.strictTransportSecurity] = "max-age=\(hstsMaxAge); includeSubDomains" }
    }
}
