import Foundation
import TestSupport
import Testing

/// Registration does not reveal which addresses have an account.
@Suite("Registration", .enabled(if: TestEnvironment.isAvailable))
struct RegistrationTests {
    @Test("registering a taken address answers exactly like a new one, leaves the account alone and warns its owner")
    func noEnumeration() async throws {
        let email = "taken-\(UUID().uuidString.prefix(8).lowercased())@example.com"
        let original = "correct horse battery staple"
        let first = try await APIClient().post(
            "/api/auth/register", ["email": email, "password": original, "displayName": "Owner", "language": "en"])
        let second = try await APIClient().post(
            "/api/auth/register",
            ["email": email.uppercased(), "password": "another long passphrase", "displayName": "Intruder"])
        #expect(first.status == 202)
        #expect(second.status == first.status)
        #expect(second.body == first.body)
        #expect(second.json["id"] == nil)

        let warning = try await eventually("the warning to the owner") {
            try await MailCatcher().messages(to: email).first { $0.subject?.contains("already have") == true }
        }
        #expect(warning.text?.contains("Hello Owner") == true)
        #expect(try await APIClient().post("/api/auth/login", ["email": email, "password": original]).status == 200)
        let intruder = try await APIClient().post(
            "/api/auth/login", ["email": email, "password": "another long passphrase"])
        #expect(intruder.status == 401)
    }

    @Test("a password over bcrypt's 72 bytes is refused with 422, not truncated; 72 bytes of accents pass")
    func bcryptLimit() async throws {
        let email = "long-\(UUID().uuidString.prefix(8).lowercased())@example.com"
        let tooLong = String(repeating: "é", count: 36) + "x"  // 73 UTF-8 bytes, 37 characters
        let refused = try await APIClient().post(
            "/api/auth/register", ["email": email, "password": tooLong, "displayName": "Long"])
        #expect(refused.status == 422)
        let error = (refused.json["errors"] as? [[String: Any]])?.first
        #expect(error?["field"] as? String == "password")
        #expect((error?["message"] as? String)?.contains("72 bytes") == true)

        let longest = String(repeating: "é", count: 36)  // exactly 72 bytes
        #expect(
            try await APIClient().post("/api/auth/register", ["email": email, "password": longest, "displayName": "L"])
                .status == 202)
        #expect(try await APIClient().post("/api/auth/login", ["email": email, "password": longest]).status == 200)
        // A truncating implementation would accept this one too.
        #expect(
            try await APIClient().post("/api/auth/login", ["email": email, "password": longest + "zz"]).status == 401)
    }
}
