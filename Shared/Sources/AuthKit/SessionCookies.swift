import HTTPTypes
import Hummingbird
import ServiceKit

/// Browser sessions: the web app keeps its refresh token in an HttpOnly cookie, so every
/// state-changing request it makes must prove it comes from the app (CSRF, OWASP double-submit
/// cookie): the `X-CSRF-Token` header must repeat the value of the `hs_csrf` cookie, which only
/// pages of our own origin can read. Requests without our cookies (Bearer API clients) are not
/// concerned. The gateway applies the rule to every call; auth applies it again to a cookie refresh.
public enum SessionCookies {
    /// HttpOnly, `Path=/api/auth`: the refresh token.
    public static let refresh = "hs_refresh"
    /// Readable by the app's scripts, `Path=/`: the CSRF token it repeats in the header.
    public static let csrf = "hs_csrf"
    public static let csrfHeader = HTTPField.Name("X-CSRF-Token")!

    /// The request's cookies (every `Cookie` field, RFC 6265 §5.4; HTTP/2 may split them).
    public static func cookies(_ headers: HTTPFields) -> [String: String] {
        var cookies: [String: String] = [:]
        for field in headers[values: .cookie] {
            for pair in field.split(separator: ";") {
                let parts = pair.split(separator: "=", maxSplits: 1)
                guard parts.count == 2 else { continue }
                let name = parts[0].trimmingCharacters(in: .whitespaces)
                if cookies[name] == nil { cookies[name] = parts[1].trimmingCharacters(in: .whitespaces) }
            }
        }
        return cookies
    }

    /// Why a request fails the CSRF rule, or nil when it passes: safe methods and requests
    /// without session cookies pass; others need the header to equal the cookie.
    public static func csrfFailure(method: HTTPRequest.Method, headers: HTTPFields) -> String? {
        guard ![.get, .head, .options, .trace].contains(method) else { return nil }
        let cookies = cookies(headers)
        guard cookies[refresh] != nil || cookies[csrf] != nil else { return nil }
        guard let expected = cookies[csrf], expected.utf8.count >= 32 else {
            return "The session has no CSRF cookie; log in again"
        }
        guard let presented = headers[csrfHeader] else { return "The X-CSRF-Token header is missing" }
        return ConstantTime.equal(presented, expected) ? nil : "The X-CSRF-Token header does not match"
    }

    /// Refuses a request that fails the CSRF rule (403 `csrf-failed`).
    public static func enforceCSRF(_ request: Request) throws {
        if let reason = csrfFailure(method: request.method, headers: request.headers) {
            throw AppError(.forbidden, code: "csrf-failed", reason)
        }
    }
}
