import AuthKit
import HTTPTypes
import Testing

/// The CSRF double-submit rule shared by the gateway and auth.
@Suite("SessionCookies")
struct SessionCookiesTests {
    let token = String(repeating: "a1B2", count: 11)

    func headers(cookie: String?, csrf: String?) -> HTTPFields {
        var fields = HTTPFields()
        if let cookie { fields[.cookie] = cookie }
        if let csrf { fields[SessionCookies.csrfHeader] = csrf }
        return fields
    }

    @Test("requests without our cookies and safe methods are not concerned")
    func notConcerned() {
        #expect(SessionCookies.csrfFailure(method: .post, headers: headers(cookie: nil, csrf: nil)) == nil)
        #expect(SessionCookies.csrfFailure(method: .post, headers: headers(cookie: "theme=dark", csrf: nil)) == nil)
        let session = headers(cookie: "hs_refresh=r; hs_csrf=\(token)", csrf: nil)
        #expect(SessionCookies.csrfFailure(method: .get, headers: session) == nil)
        #expect(SessionCookies.csrfFailure(method: .post, headers: session) != nil)
    }

    @Test("a state-changing request of a cookie session needs the header equal to the cookie")
    func doubleSubmit() {
        let cookie = "hs_refresh=r; hs_csrf=\(token)"
        for method in [HTTPRequest.Method.post, .put, .patch, .delete] {
            #expect(SessionCookies.csrfFailure(method: method, headers: headers(cookie: cookie, csrf: token)) == nil)
            #expect(SessionCookies.csrfFailure(method: method, headers: headers(cookie: cookie, csrf: nil)) != nil)
            #expect(
                SessionCookies.csrfFailure(method: method, headers: headers(cookie: cookie, csrf: token + "x")) != nil)
        }
        // A refresh cookie without its CSRF cookie, or a short forged one, never passes.
        #expect(SessionCookies.csrfFailure(method: .post, headers: headers(cookie: "hs_refresh=r", csrf: "")) != nil)
        #expect(
            SessionCookies.csrfFailure(method: .post, headers: headers(cookie: "hs_refresh=r; hs_csrf=x", csrf: "x"))
                != nil)
    }

    @Test("cookies split over several Cookie fields (HTTP/2) are all read")
    func splitCookies() {
        var fields = HTTPFields()
        fields.append(HTTPField(name: .cookie, value: "hs_refresh=r"))
        fields.append(HTTPField(name: .cookie, value: "hs_csrf=\(token)"))
        #expect(SessionCookies.cookies(fields) == ["hs_refresh": "r", "hs_csrf": token])
        fields[SessionCookies.csrfHeader] = token
        #expect(SessionCookies.csrfFailure(method: .delete, headers: fields) == nil)
    }
}
