import Foundation
import Logging
import PostgresNIO
import TestSupport
import Testing

/// The forgotten-password flow, through the gateway and the mail catcher.
@Suite("Password reset", .enabled(if: TestEnvironment.isAvailable))
struct PasswordResetTests {
    let password = "correct horse battery staple"

    func token(in mail: MailCatcher.Message) throws -> String {
        let text = mail.text ?? ""
        let range = try #require(text.range(of: #"token=[A-Za-z0-9_-]+"#, options: .regularExpression))
        return String(text[range].dropFirst("token=".count))
    }

    func resetMail(_ email: String, count: Int = 1) async throws -> MailCatcher.Message {
        try await eventually("reset e-mail #\(count)") {
            let mails = try await MailCatcher().messages(to: email).filter { $0.subject?.contains("Reset") == true }
            return mails.count >= count ? mails.first : nil
        }
    }

    func confirm(_ token: String, _ newPassword: String) async throws -> APIClient.Reply {
        try await APIClient().post("/api/auth/password-reset/confirm", ["token": token, "newPassword": newPassword])
    }

    @Test(
        "same answer for unknown and known addresses; the link works once, closes every session, and the owner is told")
    func resetFlow() async throws {
        let email = "reset-\(UUID().uuidString.prefix(8).lowercased())@example.com"
        _ = try await APIClient().post(
            "/api/auth/register", ["email": email, "password": password, "displayName": "Reset", "language": "en"])
        let login = try await APIClient().post("/api/auth/login", ["email": email, "password": password])
        let oldRefresh = try #require(login.json["refreshToken"] as? String)

        let unknown = try await APIClient().post("/api/auth/password-reset", ["email": "nobody-\(UUID())@example.com"])
        let known = try await APIClient().post("/api/auth/password-reset", ["email": email])
        #expect(unknown.status == 202)
        #expect(known.status == 202)
        #expect(unknown.body == known.body)

        let token = try token(in: try await resetMail(email))
        _ = try await eventually("the sent link wiped from the delivery log") {
            try await deliveryLogHolds(token) ? nil : true
        }
        #expect(try await confirm(token, "short").status == 422)
        let newPassword = "a brand new passphrase"
        #expect(try await confirm(token, newPassword).status == 204)
        let reused = try await confirm(token, "yet another passphrase")
        #expect(reused.status == 422)
        #expect(reused.json["code"] as? String == "invalid-reset-token")

        #expect(try await APIClient().post("/api/auth/login", ["email": email, "password": password]).status == 401)
        #expect(try await APIClient().post("/api/auth/login", ["email": email, "password": newPassword]).status == 200)
        #expect(try await APIClient().post("/api/auth/refresh", ["refreshToken": oldRefresh]).status == 401)
        _ = try await eventually("the password-changed notice") {
            try await MailCatcher().messages(to: email).first { $0.subject?.contains("password changed") == true }
        }
    }

    /// Whether a sent message in notifications' delivery log still contains `secret`.
    func deliveryLogHolds(_ secret: String) async throws -> Bool {
        let connection = try await TestDatabase.connect(as: "notifications")
        let rows = try await connection.query(
            """
            SELECT count(*) FROM deliveries
            WHERE strpos(text_body, \(secret)) > 0 OR strpos(coalesce(html_body, ''), \(secret)) > 0
            """, logger: Logger(label: "t"))
        var count = 0
        for try await value in rows.decode(Int.self) { count = value }
        try await connection.close()
        return count > 0
    }

    @Test("an expired reset link is refused")
    func expiredToken() async throws {
        let email = "expired-\(UUID().uuidString.prefix(8).lowercased())@example.com"
        _ = try await APIClient().post(
            "/api/auth/register", ["email": email, "password": password, "displayName": "Expired", "language": "en"])
        #expect(try await APIClient().post("/api/auth/password-reset", ["email": email]).status == 202)
        let token = try token(in: try await resetMail(email))
        let connection = try await TestDatabase.connect(as: "auth")
        try await connection.query(
            """
            UPDATE password_reset_tokens SET expires_at = now() - interval '1 second'
            WHERE user_id = (SELECT id FROM users WHERE email = \(email))
            """, logger: Logger(label: "t"))
        try await connection.close()
        let reply = try await confirm(token, "a brand new passphrase")
        #expect(reply.status == 422)
        #expect(reply.json["code"] as? String == "invalid-reset-token")
    }
}
