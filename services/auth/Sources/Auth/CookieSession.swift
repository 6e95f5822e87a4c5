import AuthKit
import HTTPTypes

/// The cookies of a browser session (see `SessionCookies`): the refresh token, HttpOnly and only
/// sent to auth's routes, and a fresh CSRF token for the app to repeat in `X-CSRF-Token`. Both
/// `Secure` and `SameSite=Strict`, renewed at every refresh, and as long-lived as the session.
struct CookieSession: Sendable {
    var secure: Bool
    var path: String
    var maxAge: Int

    func issue(refreshToken: String) -> HTTPFields {
        fields(refreshToken: refreshToken, csrf: SecretToken.make(), maxAge: maxAge)
    }

    /// Expires both cookies (logout).
    func clear() -> HTTPFields {
        fields(refreshToken: "", csrf: "", maxAge: 0)
    }

    private func fields(refreshToken: String, csrf: String, maxAge: Int) -> HTTPFields {
        let common = "Max-Age=\(maxAge); SameSite=Strict" + (secure ? "; Secure" : "")
        var fields = HTTPFields()
        fields.append(
            HTTPField(
                name: .setCookie, value: "\(SessionCookies.refresh)=\(refreshToken); Path=\(path); \(common); HttpOnly")
        )
        fields.append(HTTPField(name: .setCookie, value: "\(SessionCookies.csrf)=\(csrf); Path=/; \(common)"))
        return fields
    }
}
