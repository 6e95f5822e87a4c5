import Foundation
import TestSupport
import Testing

/// Rotating the access-token signing key without logging anyone out.
@Suite("Signing key rotation", .enabled(if: TestEnvironment.isAvailable))
struct KeyRotationTests {
    /// The `kid` in a token's protected header.
    func kid(of client: APIClient) throws -> String {
        let header = try #require(client.token?.split(separator: ".").first)
        var base64 = header.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        base64 += String(repeating: "=", count: (4 - base64.count % 4) % 4)
        let json = try JSONSerialization.jsonObject(with: try #require(Data(base64Encoded: base64)))
        return try #require((json as? [String: Any])?["kid"] as? String)
    }

    func publishedKids() async throws -> [String] {
        let keys = try await APIClient().get("/.well-known/jwks.json").json["keys"] as? [[String: Any]] ?? []
        return keys.compactMap { $0["kid"] as? String }
    }

    @Test(
        "a new key is published before it signs; afterwards old and new tokens both verify at the gateway and services"
    )
    func rotation() async throws {
        let fixtures = Fixtures()
        let before = try await fixtures.admin()
        let oldKid = try kid(of: before)
        let (client, _) = try await fixtures.newUser()
        #expect(try await client.post("/api/auth/signing-keys/rotate", [:]).status == 403)

        let rotated = try await before.post("/api/auth/signing-keys/rotate", [:])
        #expect(rotated.status == 202)
        let newKid = try #require(rotated.json["kid"] as? String)
        #expect(rotated.json["status"] as? String == "pending")
        #expect(newKid != oldKid)
        let published = try await publishedKids()
        #expect(published.contains(newKid))
        #expect(published.contains(oldKid))
        // Asking again while a key waits returns that key rather than stacking another.
        #expect(try await before.post("/api/auth/signing-keys/rotate", [:]).json["kid"] as? String == newKid)

        let activation = try #require(rotated.json["activatesAt"] as? String)
        let activatesAt = try #require(ISO8601DateFormatter().date(from: activation))
        try await Task.sleep(for: .seconds(max(0, activatesAt.timeIntervalSinceNow) + 1.5))

        let after = try await fixtures.admin()
        #expect(try kid(of: after) == newKid)
        for token in [before, after] {
            #expect(try await token.get("/api/auth/me").status == 200)
            #expect(try await token.get("/api/scheduling/me/bookings").status == 200)
        }
        let keys = try await after.get("/api/auth/signing-keys").json["items"] as? [[String: Any]] ?? []
        let status = Dictionary(
            uniqueKeysWithValues: keys.compactMap { key in
                (key["kid"] as? String).map { ($0, key["status"] as? String ?? "") }
            })
        #expect(status[newKid] == "active")
        #expect(status[oldKid] == "verifying")
        #expect(try await publishedKids().contains(oldKid))
    }
}
