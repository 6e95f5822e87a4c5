import Foundation
import TestSupport
import Testing

/// A compromised signing key is withdrawn at once (issue 19). It invalidates every token it
/// signed, the other suites' too: `scripts/test` runs this suite alone, after them
/// (`--filter SigningKeyWithdrawal`).
@Suite("SigningKeyWithdrawal", .enabled(if: TestEnvironment.isAvailable), .serialized)
struct SigningKeyWithdrawalTests {
    let fixtures = Fixtures()

    /// The `kid` in a JWT's header.
    static func kid(of token: String?) -> String? {
        guard let part = token?.split(separator: ".").first else { return nil }
        var base64 = part.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        base64 += String(repeating: "=", count: (4 - base64.count % 4) % 4)
        guard let data = Data(base64Encoded: base64),
            let header = try? JSONSerialization.jsonObject(with: data) as? [String: Any]
        else { return nil }
        return header["kid"] as? String
    }

    static func publishedKids() async throws -> [String] {
        let jwks = try await APIClient().get("/.well-known/jwks.json")
        return (jwks.json["keys"] as? [[String: Any]] ?? []).compactMap { $0["kid"] as? String }
    }

    @Test("withdrawing the signing key: its tokens are refused everywhere, a new key signs at once")
    func withdrawTheSigner() async throws {
        let admin = try await fixtures.admin()
        let (user, email) = try await fixtures.newUser()
        let compromised = try #require(Self.kid(of: user.token))
        #expect(Self.kid(of: admin.token) == compromised)
        let direct = APIClient(baseURL: TestEnvironment.serviceURL("scheduling"), token: user.token)
        #expect(try await direct.get("/me/bookings").status == 200)
        #expect(try await user.post("/api/auth/signing-keys/\(compromised)/withdraw", [:]).status == 403)

        let reply = try await admin.post("/api/auth/signing-keys/\(compromised)/withdraw", [:])
        #expect(reply.status == 200)
        let withdrawn = try #require(reply.json["withdrawn"] as? [String: Any])
        let signing = try #require(reply.json["signing"] as? [String: Any])
        #expect(withdrawn["kid"] as? String == compromised)
        #expect(withdrawn["status"] as? String == "retired")
        let replacement = try #require(signing["kid"] as? String)
        #expect(replacement != compromised)
        #expect(signing["status"] as? String == "active")
        let kids = try await Self.publishedKids()
        #expect(!kids.contains(compromised) && kids.contains(replacement))

        // Refused at the edge and by the services themselves, within their JWKS refresh interval.
        _ = try await eventually(timeout: .seconds(20), "the gateway refuses the withdrawn key's tokens") {
            try await user.get("/api/auth/me").status == 401 ? true : nil
        }
        _ = try await eventually(timeout: .seconds(20), "scheduling refuses them too") {
            try await direct.get("/me/bookings").status == 401 ? true : nil
        }
        // A new sign-in gets a token of the new key, accepted once the verifiers fetched it.
        let again = try await fixtures.login(email, "correct horse battery staple")
        #expect(Self.kid(of: again.token) == replacement)
        _ = try await eventually(timeout: .seconds(20), "the new key's tokens are accepted") {
            try await again.get("/api/auth/me").status == 200 ? true : nil
        }
        let admin2 = try await fixtures.admin()
        _ = try await eventually(timeout: .seconds(20), "staff work on with the new key") {
            try await admin2.get("/api/auth/signing-keys").status == 200 ? true : nil
        }
        let twice = try await admin2.post("/api/auth/signing-keys/\(compromised)/withdraw", [:])
        #expect(twice.status == 200, "withdrawing again changes nothing")
        #expect((twice.json["signing"] as? [String: Any])?["kid"] as? String == replacement)
        #expect(try await admin2.post("/api/auth/signing-keys/k-unknown/withdraw", [:]).status == 404)
    }
}
