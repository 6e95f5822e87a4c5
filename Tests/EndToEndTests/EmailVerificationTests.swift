import Foundation
import TestSupport
import Testing

/// Verifying an e-mail address through the link of the welcome e-mail.
@Suite("E-mail verification", .enabled(if: TestEnvironment.isAvailable))
struct EmailVerificationTests {
    @Test("the welcome e-mail's link verifies the address once; a second use or a forged token is refused")
    func verify() async throws {
        let (user, email) = try await Fixtures().newUser()
        #expect(try await user.get("/api/auth/me").json["emailVerified"] as? Bool == false)
        let welcome = try await eventually("the welcome e-mail") {
            try await MailCatcher().messages(to: email).first { $0.subject?.contains("Welcome") == true }
        }
        let text = welcome.text ?? ""
        let range = try #require(text.range(of: #"verify-email\?token=[A-Za-z0-9_-]+"#, options: .regularExpression))
        let token = String(text[range].dropFirst("verify-email?token=".count))
        #expect(try await APIClient().post("/api/auth/verify-email", ["token": token]).status == 204)
        #expect(try await user.get("/api/auth/me").json["emailVerified"] as? Bool == true)
        let again = try await APIClient().post("/api/auth/verify-email", ["token": token])
        #expect(again.status == 422)
        #expect(again.json["code"] as? String == "invalid-verification-token")
        #expect(
            try await APIClient().post("/api/auth/verify-email", ["token": String(repeating: "Z", count: 43)]).status
                == 422)
    }

    @Test("the bootstrap super admin is verified from the start")
    func adminVerified() async throws {
        #expect(try await Fixtures().admin().get("/api/auth/me").json["emailVerified"] as? Bool == true)
    }
}
