import Foundation
import NIOHTTP1
import TestSupport
import Testing

/// Staff tools on accounts: searching users, their login lock, and their sessions.
@Suite("User administration", .enabled(if: TestEnvironment.isAvailable))
struct UserAdminTests {
    let fixtures = Fixtures()
    static let password = "correct horse battery staple"

    func userID(_ client: APIClient) async throws -> String {
        let me = try await client.get("/api/auth/me")
        guard let id = me.json["id"] as? String else { throw TestFailure("me: \(me.status) \(me.text)") }
        return id
    }

    func fields(_ reply: APIClient.Reply) -> Set<String> {
        Set((reply.json["errors"] as? [[String: Any]] ?? []).compactMap { $0["field"] as? String })
    }

    func items(_ reply: APIClient.Reply) -> [[String: Any]] { reply.json["items"] as? [[String: Any]] ?? [] }

    @Test("GET /users searches e-mails and display names case-insensitively, filters by role and shows lockedUntil")
    func searchAndLocks() async throws {
        let admin = try await fixtures.admin()
        let (user, email) = try await fixtures.newUser()
        let (other, _) = try await fixtures.newUser()
        let id = try await userID(user)
        let word = "Zq" + String(UUID().uuidString.filter(\.isLetter).prefix(8))
        let body = try JSONSerialization.data(withJSONObject: ["displayName": "Ciné \(word) Fan"])
        #expect(try await other.send(.PATCH, "/api/auth/me", body: body).status == 200)
        let otherID = try await userID(other)

        let byMail = try await admin.get("/api/auth/users?q=\(email.prefix(13).uppercased())")
        #expect(byMail.status == 200)
        #expect(items(byMail).compactMap { $0["id"] as? String } == [id])
        let byName = try await admin.get("/api/auth/users?q=\(word.lowercased())&role=client")
        #expect(items(byName).compactMap { $0["id"] as? String } == [otherID])
        #expect(items(try await admin.get("/api/auth/users?q=\(word)&role=admin")).isEmpty)
        let admins = items(try await admin.get("/api/auth/users?role=super_admin&limit=100"))
        #expect(!admins.isEmpty && admins.allSatisfy { $0["role"] as? String == "super_admin" })
        let bad = try await admin.get("/api/auth/users?role=owner&limit=0")
        #expect(bad.status == 422)
        #expect(fields(bad) == ["role", "limit"])
        #expect(try await user.get("/api/auth/users?q=a").status == 403)

        // Five wrong passwords from one address lock that pair: the user shows as locked until unlocked.
        let auth = APIClient(baseURL: TestEnvironment.serviceURL("auth"))
        let address = "198.51.\(Int.random(in: 0...255)).\(Int.random(in: 1...254))"
        for _ in 0..<5 {
            _ = try await auth.post(
                "/login", ["email": email, "password": "wrong password!"], headers: ["X-Forwarded-For": address])
        }
        let locked = items(try await admin.get("/api/auth/users?q=\(email)")).first
        let until = try #require(locked?["lockedUntil"] as? String)
        #expect(try Date(until, strategy: .iso8601) > .now)
        #expect(try await admin.send(.POST, "/api/auth/users/\(id)/unlock", body: nil).status == 204)
        #expect(items(try await admin.get("/api/auth/users?q=\(email)")).first?["lockedUntil"] == nil)
    }

    @Test("staff list and end a user's sessions, one or all; an admin's need roles:manage; strangers get 403")
    func sessions() async throws {
        let admin = try await fixtures.admin()
        let (user, email) = try await fixtures.newUser()
        _ = try await fixtures.login(email, Self.password)
        let id = try await userID(user)
        let path = "/api/auth/users/\(id)/sessions"
        let listed = try await admin.get(path)
        #expect(listed.status == 200)
        let sessions = items(listed)
        #expect(sessions.count == 2)
        #expect(sessions.allSatisfy { $0["current"] == nil && $0["lastUsedAt"] != nil && $0["id"] != nil })
        let first = try #require(sessions.first?["id"] as? String)
        #expect(try await admin.send(.DELETE, "\(path)/\(first)", body: nil).status == 204)
        #expect(try await admin.send(.DELETE, "\(path)/\(first)", body: nil).status == 404)
        #expect(items(try await admin.get(path)).count == 1)
        // The user's own list agrees.
        #expect(items(try await user.get("/api/auth/sessions")).count == 1)
        #expect(try await admin.send(.DELETE, path, body: nil).status == 204)
        #expect(items(try await admin.get(path)).isEmpty)
        #expect(try await admin.get("/api/auth/users/\(UUID())/sessions").status == 404)
        #expect(try await admin.send(.DELETE, "/api/auth/users/\(UUID())/sessions", body: nil).status == 404)
        let (stranger, _) = try await fixtures.newUser()
        #expect(try await stranger.get(path).status == 403)
        #expect(try await stranger.send(.DELETE, path, body: nil).status == 403)

        // An admin (users:manage, no roles:manage) sees another admin's sessions but cannot end them.
        let (a, aMail) = try await fixtures.newUser()
        let (b, _) = try await fixtures.newUser()
        let role = try JSONSerialization.data(withJSONObject: ["role": "admin"])
        let bID = try await userID(b)
        for promoted in [try await userID(a), bID] {
            #expect(try await admin.send(.PUT, "/api/auth/users/\(promoted)/role", body: role).status == 200)
        }
        let staff = try await fixtures.login(aMail, Self.password)
        #expect(try await staff.get("/api/auth/users/\(bID)/sessions").status == 200)
        #expect(try await staff.send(.DELETE, "/api/auth/users/\(bID)/sessions", body: nil).status == 403)
        #expect(try await staff.send(.DELETE, path, body: nil).status == 204)
        #expect(try await admin.send(.DELETE, "/api/auth/users/\(bID)/sessions", body: nil).status == 204)
    }
}
