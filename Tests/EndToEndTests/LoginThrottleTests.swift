import Foundation
import Logging
import PostgresNIO
import TestSupport
import Testing

/// Brute-force protection on login (defaults: 5 failures lock the account for 15 minutes).
@Suite("Login throttling", .enabled(if: TestEnvironment.isAvailable))
struct LoginThrottleTests {
    @Test(
        "repeated failures lock the account with Retry-After, even for the right password; the owner is told; an admin unlocks"
    )
    func lockAndUnlock() async throws {
        let email = "locked-\(UUID().uuidString.prefix(8).lowercased())@example.com"
        let password = "correct horse battery staple"
        #expect(
            try await APIClient().post(
                "/api/auth/register", ["email": email, "password": password, "displayName": "Lock", "language": "en"]
            ).status == 202)
        var statuses: [Int] = []
        for _ in 0..<5 {
            statuses.append(
                try await APIClient().post("/api/auth/login", ["email": email, "password": "wrong password!"]).status)
        }
        #expect(statuses == [401, 401, 401, 401, 401])
        let locked = try await APIClient().post("/api/auth/login", ["email": email, "password": password])
        #expect(locked.status == 429)
        #expect(locked.json["code"] as? String == "login-locked")
        let retryAfter = try #require(locked.headers.first(name: "Retry-After").flatMap(Int.init))
        #expect((1...900).contains(retryAfter))

        let mail = try await eventually("the lock notice") {
            try await MailCatcher().messages(to: email).first { $0.subject?.contains("locked") == true }
        }
        #expect(mail.text?.contains("locked until") == true)

        let admin = try await Fixtures().admin()
        let users = try await admin.get("/api/auth/users?limit=100")
        #expect(users.status == 200)
        var id: String?
        var cursor: String? = nil
        var page = users
        while id == nil {
            id = (page.json["items"] as? [[String: Any]])?.first { $0["email"] as? String == email }?["id"] as? String
            cursor = page.json["nextCursor"] as? String
            guard id == nil, let next = cursor else { break }
            page = try await admin.get("/api/auth/users?limit=100&cursor=\(next)")
        }
        let userID = try #require(id)
        let client = try await Fixtures().newUser().client
        #expect(try await client.send(.POST, "/api/auth/users/\(userID)/unlock", body: nil).status == 403)
        #expect(try await admin.send(.POST, "/api/auth/users/\(userID)/unlock", body: nil).status == 204)
        #expect(try await APIClient().post("/api/auth/login", ["email": email, "password": password]).status == 200)
    }

    @Test("Retry-After tells when the lock ends, and the account opens again then, not before")
    func retryAfterHonoured() async throws {
        let (_, email) = try await Fixtures().newUser()
        let password = "correct horse battery staple"
        for _ in 0..<5 {
            _ = try await APIClient().post("/api/auth/login", ["email": email, "password": "wrong pass!"])
        }
        #expect(try await APIClient().post("/api/auth/login", ["email": email, "password": password]).status == 429)
        // Instead of waiting 15 minutes, the lock is moved to end in 3 seconds (in auth's own table).
        let connection = try await TestDatabase.connect(as: "auth")
        try await connection.query(
            "UPDATE login_throttle SET locked_until = now() + interval '3 seconds' WHERE key = \("account:" + email)",
            logger: Logger(label: "t"))
        try await connection.close()
        let locked = try await APIClient().post("/api/auth/login", ["email": email, "password": password])
        #expect(locked.status == 429)
        let retryAfter = try #require(locked.headers.first(name: "Retry-After").flatMap(Int.init))
        #expect((1...3).contains(retryAfter))
        try await Task.sleep(for: .seconds(Double(retryAfter) + 0.3))
        #expect(try await APIClient().post("/api/auth/login", ["email": email, "password": password]).status == 200)
    }

    @Test("an unknown e-mail answers exactly like a wrong password, and is throttled the same way")
    func noEnumeration() async throws {
        let unknown = try await APIClient().post(
            "/api/auth/login",
            ["email": "nobody-\(UUID().uuidString.prefix(6))@example.com", "password": "wrong password!"])
        let email = try await Fixtures().newUser().email
        let wrong = try await APIClient().post("/api/auth/login", ["email": email, "password": "wrong password!"])
        #expect(unknown.status == 401)
        #expect(wrong.status == 401)
        #expect(unknown.json["detail"] as? String == wrong.json["detail"] as? String)
        #expect(unknown.json["code"] as? String == wrong.json["code"] as? String)
    }
}
