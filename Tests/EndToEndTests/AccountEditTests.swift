import Foundation
import TestSupport
import Testing

/// The signed-in user changes their password and profile (issue 17, API gap 8).
@Suite("Account edits", .enabled(if: TestEnvironment.isAvailable))
struct AccountEditTests {
    let password = "correct horse battery staple"

    func register() async throws -> String {
        let email = "account-\(UUID().uuidString.prefix(8).lowercased())@example.com"
        let reply = try await APIClient().post(
            "/api/auth/register", ["email": email, "password": password, "displayName": "Ada", "language": "en"])
        #expect(reply.status == 202)
        return email
    }

    func login(_ email: String, _ password: String) async throws -> (client: APIClient, refresh: String) {
        let reply = try await APIClient().post("/api/auth/login", ["email": email, "password": password])
        #expect(reply.status == 200, "\(reply.text)")
        return (
            APIClient(token: try #require(reply.json["accessToken"] as? String)),
            try #require(reply.json["refreshToken"] as? String)
        )
    }

    @Test("password change: the policy (422), the current password (403), other sessions revoked, the owner told")
    func changePassword() async throws {
        let email = try await register()
        let (other, otherRefresh) = try await login(email, password)
        let (me, myRefresh) = try await login(email, password)
        _ = other

        let short = try await me.post("/api/auth/me/password", ["currentPassword": password, "newPassword": "short"])
        #expect(short.status == 422)
        #expect((short.json["errors"] as? [[String: Any]])?.first?["field"] as? String == "newPassword")
        let same = try await me.post("/api/auth/me/password", ["currentPassword": password, "newPassword": password])
        #expect(same.status == 422)
        let wrong = try await me.post(
            "/api/auth/me/password", ["currentPassword": "not my password at all", "newPassword": "a new passphrase"])
        #expect(wrong.status == 403)
        #expect(wrong.json["code"] as? String == "wrong-password")
        #expect(
            try await APIClient().post("/api/auth/me/password", ["currentPassword": password, "newPassword": "x"])
                .status == 401)

        let newPassword = "a brand new passphrase"
        let changed = try await me.post(
            "/api/auth/me/password", ["currentPassword": password, "newPassword": newPassword])
        #expect(changed.status == 204, "\(changed.text)")
        #expect(try await APIClient().post("/api/auth/login", ["email": email, "password": password]).status == 401)
        _ = try await login(email, newPassword)
        // The other session is over; the caller's goes on.
        #expect(try await APIClient().post("/api/auth/refresh", ["refreshToken": otherRefresh]).status == 401)
        #expect(try await APIClient().post("/api/auth/refresh", ["refreshToken": myRefresh]).status == 200)
        _ = try await eventually("the password-changed notice") {
            try await MailCatcher().messages(to: email).first { $0.subject?.contains("password changed") == true }
        }
    }

    @Test("PATCH /me changes the display name and language; invalid values are 422, absent ones unchanged")
    func editProfile() async throws {
        let email = try await register()
        let (me, _) = try await login(email, password)
        func patch(_ body: [String: Any]) async throws -> APIClient.Reply {
            try await me.send(.PATCH, "/api/auth/me", body: try JSONSerialization.data(withJSONObject: body))
        }
        let renamed = try await patch(["displayName": "  Ada Lovelace "])
        #expect(renamed.status == 200, "\(renamed.text)")
        #expect(renamed.json["displayName"] as? String == "Ada Lovelace")
        #expect(renamed.json["language"] as? String == "en")
        let french = try await patch(["language": "fr"])
        #expect(french.json["language"] as? String == "fr")
        #expect(french.json["displayName"] as? String == "Ada Lovelace")
        let bad = try await patch(["displayName": " ", "language": "de"])
        #expect(bad.status == 422)
        let fields = Set((bad.json["errors"] as? [[String: Any]] ?? []).compactMap { $0["field"] as? String })
        #expect(fields == ["displayName", "language"])
        let shown = try await me.get("/api/auth/me").json
        #expect(shown["displayName"] as? String == "Ada Lovelace")
        #expect(shown["language"] as? String == "fr")
    }
}
