import Foundation
import TestSupport
import Testing

/// Roles and permissions: who may grant what, and when a change takes effect.
@Suite("Role management", .enabled(if: TestEnvironment.isAvailable))
struct RoleManagementTests {
    let password = "correct horse battery staple"

    /// A new account: (id, e-mail, logged-in client, refresh token).
    func account() async throws -> (id: String, email: String, client: APIClient, refresh: String) {
        let email = "role-\(UUID().uuidString.prefix(8).lowercased())@example.com"
        let registered = try await APIClient().post(
            "/api/auth/register", ["email": email, "password": password, "displayName": "Role"])
        #expect(registered.status == 202)
        let login = try await APIClient().post("/api/auth/login", ["email": email, "password": password])
        let user = try #require(login.json["user"] as? [String: Any])
        return (
            try #require(user["id"] as? String), email,
            APIClient(token: try #require(login.json["accessToken"] as? String)),
            try #require(login.json["refreshToken"] as? String)
        )
    }

    func setRole(_ by: APIClient, _ user: String, _ role: String) async throws -> Int {
        let body = try JSONSerialization.data(withJSONObject: ["role": role])
        return try await by.send(.PUT, "/api/auth/users/\(user)/role", body: body).status
    }

    func refreshed(_ token: String) async throws -> APIClient {
        let reply = try await APIClient().post("/api/auth/refresh", ["refreshToken": token])
        return APIClient(token: try #require(reply.json["accessToken"] as? String))
    }

    @Test("only a super admin grants admin; an admin grants moderator; a moderator grants nothing; a client gets 403")
    func whoGrantsWhat() async throws {
        let superAdmin = try await Fixtures().admin()
        let admin = try await account()
        let target = try await account()
        #expect(try await setRole(admin.client, target.id, "moderator") == 403)  // still a client
        #expect(try await admin.client.get("/api/auth/users").status == 403)
        #expect(try await setRole(superAdmin, admin.id, "admin") == 200)
        let promoted = try await refreshed(admin.refresh)
        #expect(try await setRole(promoted, target.id, "admin") == 403)
        #expect(try await setRole(promoted, target.id, "moderator") == 200)
        let moderator = try await refreshed(target.refresh)
        #expect(try await setRole(moderator, admin.id, "client") == 403)
        #expect(try await setRole(promoted, target.id, "emperor") == 422)
    }

    @Test("a role change takes effect at the next refresh")
    func effectAtRefresh() async throws {
        let superAdmin = try await Fixtures().admin()
        let user = try await account()
        let film = ["title": "Granted \(UUID().uuidString.prefix(4))", "runtimeMinutes": 90] as [String: Any]
        #expect(try await user.client.post("/api/catalog/films", film).status == 403)
        #expect(try await setRole(superAdmin, user.id, "moderator") == 200)
        #expect(try await refreshed(user.refresh).post("/api/catalog/films", film).status == 201)
    }

    @Test("the last super admin cannot lose that role")
    func lastSuperAdmin() async throws {
        let superAdmin = try await Fixtures().admin()
        let me = try await superAdmin.get("/api/auth/me")
        let id = try #require(me.json["id"] as? String)
        let reply = try await superAdmin.send(
            .PUT, "/api/auth/users/\(id)/role", body: try JSONSerialization.data(withJSONObject: ["role": "admin"]))
        #expect(reply.status == 409)
        #expect(reply.json["code"] as? String == "last-super-admin")
    }
}
