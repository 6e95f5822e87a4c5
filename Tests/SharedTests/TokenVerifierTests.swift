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
        PublicJWKS(keys: [PublicJWK(kid: kid, x: Self.base64URL(key.publicKey.rawRepresentation))])
    }

    static func base64URL(_ data: Data) -> String {
        data.base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
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
    func withVerifier(_ body: @Sendable (TokenVerifier) async throws -> Void) async throws {
        let router = Router()
        let document = jwks
        router.get("/jwks") { _, _ in JSONBody.response(document) }
        try await Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0))).test(
            .live
        ) { client in
            let port = try #require(client.port)
            let verifier = TokenVerifier(
                config: .init(jwksURL: "http://127.0.0.1:\(port)/jwks"), logger: Logger(label: "t"))
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

    @Test("expired, not-yet-valid, wrong issuer and wrong audience tokens are refused")
    func claimsChecked() async throws {
        let expired = try await sign(claims(lifetime: 60, now: .now.addingTimeInterval(-3600)))
        let future = try await sign(claims(now: .now.addingTimeInterval(3600)))
        let issuer = try await sign(claims(issuer: "someone-else"))
        let audience = try await sign(claims(audience: "another-app"))
        try await withVerifier { verifier in
            for token in [expired, future, issuer, audience] { #expect(await rejected(verifier, token)) }
        }
    }

    @Test("alg none, HMAC algorithm confusion, unknown kid and a foreign key's signature are refused")
    func forgeries() async throws {
        let header = Self.base64URL(Data(#"{"alg":"none","kid":"k-test"}"#.utf8))
        let body = Self.base64URL(try JSONEncoder().encode(claims()))
        let none = "\(header).\(body)."
        let hmacKeys = JWTKeyCollection()
        await hmacKeys.add(
            hmac: HMACKey(from: key.publicKey.rawRepresentation), digestAlgorithm: .sha256, kid: "k-test")
        let confused = try await hmacKeys.sign(claims(), kid: "k-test")
        let unknownKid = try await sign(claims(), kid: "k-other")
        let foreign = try await sign(claims(), with: Curve25519.Signing.PrivateKey())
        try await withVerifier { verifier in
            for token in [none, confused, unknownKid, foreign, "not.a.token", ""] {
                #expect(await rejected(verifier, token), "\(token.prefix(20))")
            }
        }
    }
}
