import Foundation
import TestSupport
import Testing

/// Refresh tokens (rotation, reuse detection) and sessions, through the gateway.
@Suite("Sessions and refresh tokens", .enabled(if: TestEnvironment.isAvailable))
struct SessionTests {
    let password = "correct horse battery staple"

    /// A new account and one login: (email, access token, refresh token).
    func login(agent: String = "SessionTests/1.0") async throws -> (email: String, access: String, refresh: String) {
        let email = "session-\(UUID().uuidString.prefix(8).lowercased())@example.com"
        let registered = try await APIClient().post(
            "/api/auth/register", ["email": email, "password": password, "displayName": "Session"])
        #expect(registered.status == 202)
        let (access, refresh) = try await loginAgain(email, agent: agent)
        return (email, access, refresh)
    }

    func loginAgain(_ email: String, agent: String = "SessionTests/1.0") async throws -> (
        access: String, refresh: String
    ) {
        let reply = try await APIClient().post(
            "/api/auth/login", ["email": email, "password": password], headers: ["User-Agent": agent])
        return (try #require(reply.json["accessToken"] as? String), try #require(reply.json["refreshToken"] as? String))
    }

    func refresh(_ token: String) async throws -> APIClient.Reply {
        try await APIClient().post("/api/auth/refresh", ["refreshToken": token])
    }

    @Test("a refresh token is opaque, long, and rotated on every use")
    func rotation() async throws {
        let (_, _, first) = try await login()
        #expect(first.count >= 43)  // 256 bits in base64url
        let reply = try await refresh(first)
        #expect(reply.status == 200)
        let second = try #require(reply.json["refreshToken"] as? String)
        #expect(second != first)
        let access = try #require(reply.json["accessToken"] as? String)
        #expect(try await APIClient(token: access).get("/api/auth/me").status == 200)
        #expect(try await refresh(second).status == 200)
    }

    @Test("presenting a rotated refresh token revokes the whole family, including its newest token")
    func reuseRevokesFamily() async throws {
        let (_, _, first) = try await login()
        let second = try #require(try await refresh(first).json["refreshToken"] as? String)
        let reuse = try await refresh(first)
        #expect(reuse.status == 401)
        #expect(reuse.contentType.hasPrefix("application/problem+json"))
        #expect(try await refresh(second).status == 401)
    }

    @Test("log out ends the session; its refresh token no longer works")
    func logout() async throws {
        let (_, access, refresh) = try await login()
        #expect(try await APIClient(token: access).send(.POST, "/api/auth/logout", body: nil).status == 204)
        #expect(try await self.refresh(refresh).status == 401)
    }

    @Test("sessions are listed with device and last use, revoked one by one, or all at once")
    func listAndRevoke() async throws {
        let (email, access, phoneToken) = try await login(agent: "Phone/1.0")
        let (_, laptopToken) = try await loginAgain(email, agent: "Laptop/2.0")
        let me = APIClient(token: access)
        let listed = try await me.get("/api/auth/sessions")
        let items = listed.json["items"] as? [[String: Any]] ?? []
        #expect(items.count == 2)
        #expect(Set(items.compactMap { $0["userAgent"] as? String }) == ["Phone/1.0", "Laptop/2.0"])
        #expect(items.filter { $0["current"] as? Bool == true }.count == 1)
        #expect(items.allSatisfy { ($0["clientAddress"] as? String)?.isEmpty == false })

        let laptop = try #require(items.first { $0["userAgent"] as? String == "Laptop/2.0" }?["id"] as? String)
        #expect(try await me.send(.DELETE, "/api/auth/sessions/\(laptop)", body: nil).status == 204)
        #expect(try await refresh(laptopToken).status == 401)
        #expect(try await me.send(.DELETE, "/api/auth/sessions/\(laptop)", body: nil).status == 404)

        let everywhere = try await me.send(.POST, "/api/auth/logout-all", body: nil)
        #expect(everywhere.json["revokedSessions"] as? Int == 1)
        #expect(try await refresh(phoneToken).status == 401)
    }

    @Test("garbage refresh tokens are refused with 401, not 500; a missing one with 422")
    func garbage() async throws {
        #expect(try await refresh("x").status == 401)
        #expect(try await refresh(String(repeating: "A", count: 43)).status == 401)
        let missing = try await APIClient().post("/api/auth/refresh", ["token": "wrong field"])
        #expect(missing.status == 422)
        let fields = Set((missing.json["errors"] as? [[String: Any]] ?? []).compactMap { $0["field"] as? String })
        #expect(fields == ["token"], "an unknown field is named")
        let empty = try await APIClient().post("/api/auth/refresh", [:])
        #expect(empty.status == 422)
        #expect((empty.json["errors"] as? [[String: Any]])?.first?["field"] as? String == "refreshToken")
        let garbage = try await APIClient().send(.POST, "/api/auth/refresh", body: Data("{oops".utf8))
        #expect(garbage.status == 422)
        #expect(garbage.contentType.hasPrefix("application/problem+json"))
    }
}
