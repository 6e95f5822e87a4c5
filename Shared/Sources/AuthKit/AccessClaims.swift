import Foundation
import JWTKit

/// The claims of an access token signed by auth (EdDSA, with `kid`).
public struct AccessClaims: JWTPayload, Equatable {
    public var sub: SubjectClaim
    public var iss: IssuerClaim
    public var aud: AudienceClaim
    public var exp: ExpirationClaim
    public var nbf: NotBeforeClaim
    public var iat: IssuedAtClaim
    public var jti: IDClaim
    public var email: String
    public var role: String
    public var perms: [String]
    /// The session (refresh-token family) this token belongs to.
    public var sid: String?

    public init(
        userID: UUID, email: String, role: String, permissions: [String], issuer: String, audience: String,
        lifetime: TimeInterval, sessionID: UUID? = nil, now: Date = .now
    ) {
        sub = .init(value: userID.uuidString.lowercased())
        iss = .init(value: issuer)
        aud = .init(value: [audience])
        exp = .init(value: now.addingTimeInterval(lifetime))
        nbf = .init(value: now.addingTimeInterval(-5))
        iat = .init(value: now)
        jti = .init(value: UUID().uuidString.lowercased())
        self.email = email
        self.role = role
        self.perms = permissions
        self.sid = sessionID?.uuidString.lowercased()
    }

    /// Signature is checked by jwt-kit; issuer and audience by `TokenVerifier`.
    public func verify(using algorithm: some JWTAlgorithm) async throws {
        try exp.verifyNotExpired()
        try nbf.verifyNotBefore()
    }
}

/// One public key as published in auth's JWKS (RFC 8037 OKP key).
public struct PublicJWK: Codable, Sendable, Equatable {
    public var kty = "OKP"
    public var crv = "Ed25519"
    public var alg = "EdDSA"
    public var use = "sig"
    public var kid: String
    public var x: String

    public init(kid: String, x: String) {
        self.kid = kid
        self.x = x
    }
}

public struct PublicJWKS: Codable, Sendable, Equatable {
    public var keys: [PublicJWK]
    public init(keys: [PublicJWK]) { self.keys = keys }
}
