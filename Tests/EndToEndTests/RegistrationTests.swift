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
}
