import AuthKit
import Crypto
import Foundation
import Hummingbird
import HummingbirdTesting
import JWTKit
import Logging
import ServiceKit
import Testing

/// Token verification pins EdDSA and checks kid, signature, exp, nbf, iss and aud.
@Suite("TokenVerifier")
struct TokenVerifierTests {
    let key = Curve25519.Signing.PrivateKey()
    let kid = "k-test"

    var jwks: PublicJWKS {
        PublicJWKS(keys: [PublicJWK(kid: kid, x: Base64URL.encode(key.publicKey.rawRepresentation))])
    }

    func sign(_ claims: AccessClaims, kid: String? = nil, with signer: Curve25519.Signing.PrivateKey? = nil)
        async throws
        -> String
    {
        let keys = JWTKeyCollection()
        let kid = JWKIdentifier(string: kid ?? self.kid)
        await keys.add(eddsa: EdDSA.PrivateKey(backing: signer ?? key), kid: kid)
        return try await keys.sign(claims, kid: kid)
    }

    func claims(
        issuer: String = "homestudio-auth", audience: String = "homestudio", lifetime: TimeInterval = 60,
        now: Date = .now
    )
        -> AccessClaims
    {
        AccessClaims(
            userID: UUID(), email: "a@example.com", role: "client", permissions: ["bookings:own"], issuer: issuer,
            audience: audience, lifetime: lifetime, now: now)
    }

    /// Runs `body` with a verifier whose JWKS is served by a live local server.
    func withVerifier(
        refreshInterval: Duration = .seconds(30), minimumRefreshInterval: Duration = .seconds(10),
        _ body: @Sendable (TokenVerifier) async throws -> Void
    ) async throws {
        let router = Router()
        let document = jwks
        router.get("/jwks") { _, _ in JSONBody.response(document) }
        try await Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0))).test(
            .live
        ) { client in
            let port = try #require(client.port)
            let verifier = TokenVerifier(
                config: .init(jwksURL: "http://127.0.0.1:\(port)/jwks", refreshInterval: refreshInterval),
                logger: Logger(label: "t"), minimumRefreshInterval: minimumRefreshInterval)
            try await body(verifier)
        }
    }

    func rejected(_ verifier: TokenVerifier, _ token: String) async -> Bool {
        do {
            _ = try await verifier.verify(token)
            return false
        } catch let error as AppError {
            return error.status == .unauthorized
        } catch {
            return false
        }
    }

    @Test("a valid token yields the identity with its permissions")
    func valid() async throws {
        let token = try await sign(claims())
        try await withVerifier { verifier in
            let identity = try await verifier.verify(token)
            #expect(identity.email == "a@example.com")
            #expect(identity.has("bookings:own"))
        }
    }

    @Test("a remembered token is refused once it expires, like an unseen one")
    func rememberedTokenExpires() async throws {
        try await withVerifier { verifier in
            // Signed once the verifier is up (a busy machine can take seconds to start it), with
            // a lifetime the two calls below fit in.
            let token = try await sign(claims(lifetime: 4))
            #expect(verifier.remembered(token) == nil, "not verified yet")
            #expect(try await verifier.verify(token).email == "a@example.com")
            #expect(try await verifier.verify(token).email == "a@example.com")  // from memory
            #expect(verifier.remembered(token)?.email == "a@example.com")
            try await Task.sleep(for: .seconds(5))
            #expect(verifier.remembered(token) == nil)
            #expect(await rejected(verifier, token))
        }
    }

    @Test("a remembered token is answered without the actor only while the keys are fresh")
    func rememberedNeedsFreshKeys() async throws {
        // 10 s: the checks right after verify must fit in it on a loaded machine (3 s did not, once,
        // in a full `make test` with the suite running in parallel).
        try await withVerifier(refreshInterval: .seconds(10), minimumRefreshInterval: .zero) { verifier in
            let token = try await sign(claims())
            _ = try await verifier.verify(token)
            #expect(verifier.remembered(token) != nil)
            #expect(verifier.remembered(token + "x") == nil)
            try await Task.sleep(for: .milliseconds(10_200))
            #expect(verifier.remembered(token) == nil, "keys older than the refresh interval: verify refetches")
            _ = try await verifier.verify(token)
            #expect(verifier.remembered(token) != nil)
        }
    }

    /// The attacks of OWASP's JWT cheat sheet, one test case each.
    enum Attack: String, CaseIterable, Sendable {
        case expired, notYetValid, wrongIssuer, wrongAudience, tamperedPayload, algNone
        case hs256SignedWithPublicKey, hs256SignedWithPublicJWK, unknownKid, foreignKey, garbage
    }

    func forge(_ attack: Attack) async throws -> String {
        switch attack {
        case .expired: return try await sign(claims(lifetime: 60, now: .now.addingTimeInterval(-3600)))
        case .notYetValid: return try await sign(claims(now: .now.addingTimeInterval(3600)))
        case .wrongIssuer: return try await sign(claims(issuer: "someone-else"))
        case .wrongAudience: return try await sign(claims(audience: "another-app"))
        case .tamperedPayload:
            // A genuine token whose payload is swapped for one granting more; signature kept.
            let parts = try await sign(claims()).split(separator: ".").map(String.init)
            var elevated = claims()
            elevated.role = "super_admin"
            elevated.perms = ["roles:manage", "users:manage"]
            return [parts[0], Base64URL.encode(try JSONEncoder().encode(elevated)), parts[2]].joined(separator: ".")
        case .algNone:
            let header = Base64URL.encode(Data(#"{"alg":"none","kid":"k-test","typ":"JWT"}"#.utf8))
            return "\(header).\(Base64URL.encode(try JSONEncoder().encode(claims())))."
        case .hs256SignedWithPublicKey: return try await hmac(secret: key.publicKey.rawRepresentation)
        case .hs256SignedWithPublicJWK: return try await hmac(secret: Data(jwks.keys[0].x.utf8))
        case .unknownKid: return try await sign(claims(), kid: "k-other")
        case .foreignKey: return try await sign(claims(), with: Curve25519.Signing.PrivateKey())
        case .garbage: return "not.a.token"
        }
    }

    /// Algorithm confusion: HS256 keyed with what the attacker knows of our public key.
    func hmac(secret: Data) async throws -> String {
        let keys = JWTKeyCollection()
        await keys.add(hmac: HMACKey(from: secret), digestAlgorithm: .sha256, kid: JWKIdentifier(string: kid))
        return try await keys.sign(claims(), kid: JWKIdentifier(string: kid))
    }

    @Test("a forged or invalid token is refused with 401", arguments: Attack.allCases)
    func attackRefused(_ attack: Attack) async throws {
        let token = try await forge(attack)
        let genuine = try await sign(claims())
        try await withVerifier { verifier in
            #expect(await rejected(verifier, token), "\(attack) passed")
            // The same verifier accepts a genuine token: the refusal is the attack's.
            #expect(await !rejected(verifier, genuine))
        }
    }
}
