import Foundation
import TestSupport
import Testing

/// Browser sessions: the refresh token in an HttpOnly cookie, CSRF double-submit at the gateway.
@Suite("Cookie sessions and CSRF", .enabled(if: TestEnvironment.isAvailable))
struct CookieSessionTests {
    let password = "correct horse battery staple"

    /// The cookies a response sets: name → (value, attributes lower-cased).
    func setCookies(_ reply: APIClient.Reply) -> [String: (value: String, attributes: String)] {
        var cookies: [String: (String, String)] = [:]
        for header in reply.headers["set-cookie"] {
            let parts = header.split(separator: ";", maxSplits: 1)
            let pair = parts[0].split(separator: "=", maxSplits: 1)
            guard let name = pair.first else { continue }
            cookies[String(name)] = (
                pair.count > 1 ? String(pair[1]) : "", parts.count > 1 ? parts[1].lowercased() : ""
            )
        }
        return cookies
    }

    func cookieLogin() async throws -> (access: String, refresh: String, csrf: String, reply: APIClient.Reply) {
        let (_, email) = try await Fixtures().newUser()
        let reply = try await APIClient().post(
            "/api/auth/login", ["email": email, "password": password, "useCookie": true])
        #expect(reply.status == 200)
        let cookies = setCookies(reply)
        return (
            try #require(reply.json["accessToken"] as? String), try #require(cookies["hs_refresh"]?.value),
            try #require(cookies["hs_csrf"]?.value), reply
        )
    }

    func refresh(refresh: String, csrfCookie: String, header: String?) async throws -> APIClient.Reply {
        var headers = ["Cookie": "hs_refresh=\(refresh); hs_csrf=\(csrfCookie)"]
        if let header { headers["X-CSRF-Token"] = header }
        return try await APIClient().send(.POST, "/api/auth/refresh", body: Data("{}".utf8), headers: headers)
    }

    @Test("login with useCookie sets an HttpOnly, Secure, SameSite=Strict refresh cookie and no token in the body")
    func cookieLoginShape() async throws {
        let (_, _, csrf, reply) = try await cookieLogin()
        #expect(reply.json["refreshToken"] == nil)
        let cookies = setCookies(reply)
        let refresh = try #require(cookies["hs_refresh"])
        for attribute in ["httponly", "secure", "samesite=strict", "path=/api/auth"] {
            #expect(refresh.attributes.contains(attribute), "hs_refresh lacks \(attribute)")
        }
        let csrfCookie = try #require(cookies["hs_csrf"])
        #expect(!csrfCookie.attributes.contains("httponly"))
        #expect(csrfCookie.attributes.contains("path=/;"))
        #expect(csrf.count >= 43)
    }

    @Test("a cookie refresh without the CSRF header, or with a wrong one, is refused with 403; the right one works")
    func csrfOnRefresh() async throws {
        let (_, refreshToken, csrf, _) = try await cookieLogin()
        let missing = try await refresh(refresh: refreshToken, csrfCookie: csrf, header: nil)
        #expect(missing.status == 403)
        #expect(missing.json["code"] as? String == "csrf-failed")
        #expect(missing.contentType.hasPrefix("application/problem+json"))
        let wrong = try await refresh(refresh: refreshToken, csrfCookie: csrf, header: String(csrf.reversed()))
        #expect(wrong.status == 403)
        #expect(wrong.json["code"] as? String == "csrf-failed")

        let good = try await refresh(refresh: refreshToken, csrfCookie: csrf, header: csrf)
        #expect(good.status == 200)
        #expect(good.json["accessToken"] is String)
        #expect(good.json["refreshToken"] == nil)
        let renewed = setCookies(good)
        let newRefresh = try #require(renewed["hs_refresh"]?.value)
        #expect(newRefresh != refreshToken)
        #expect(renewed["hs_csrf"]?.value != csrf)
        // The rotated cookie is dead (and presenting it revokes the session).
        #expect(try await refresh(refresh: refreshToken, csrfCookie: csrf, header: csrf).status == 401)
    }

    @Test("any state-changing call carrying session cookies needs the CSRF header; Bearer-only clients do not")
    func csrfEverywhere() async throws {
        let (access, refreshToken, csrf, _) = try await cookieLogin()
        let cookie = "hs_refresh=\(refreshToken); hs_csrf=\(csrf)"
        let bearer = "Bearer \(access)"
        let forged = try await APIClient().send(
            .POST, "/api/auth/logout-all", body: nil, headers: ["Authorization": bearer, "Cookie": "hs_csrf=\(csrf)"])
        #expect(forged.status == 403)
        #expect(forged.json["code"] as? String == "csrf-failed")
        // Reads are not concerned.
        #expect(
            try await APIClient().get("/api/auth/sessions", headers: ["Authorization": bearer, "Cookie": cookie]).status
                == 200)

        let logout = try await APIClient().send(
            .POST, "/api/auth/logout", body: nil,
            headers: ["Authorization": bearer, "Cookie": cookie, "X-CSRF-Token": csrf])
        #expect(logout.status == 204)
        #expect(setCookies(logout)["hs_refresh"]?.attributes.contains("max-age=0") == true)
        #expect(try await refresh(refresh: refreshToken, csrfCookie: csrf, header: csrf).status == 401)

        // The same kind of call from an API client without cookies passes.
        let (client, _) = try await Fixtures().newUser()
        #expect(try await client.send(.POST, "/api/auth/logout-all", body: nil).status == 200)
    }
}
