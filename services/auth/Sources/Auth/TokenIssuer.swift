import AuthKit
import Foundation
import JWTKit

/// Signs short-lived access tokens (EdDSA) carrying the user's role and permissions.
struct TokenIssuer: Sendable {
    let keys: SigningKeyStore
    let config: AuthConfig

    struct IssuedToken: Codable, Sendable {
        var accessToken: String
        var tokenType = "Bearer"
        var expiresIn: Int
    }

    func issue(for user: User, session: UUID?) async throws -> IssuedToken {
        let (kid, key) = try await keys.current()
        let claims = AccessClaims(
            userID: user.id, email: user.email, role: user.role.rawValue, permissions: user.role.permissions,
            issuer: config.issuer, audience: config.audience, lifetime: config.accessTokenLifetime,
            sessionID: session)
        let collection = JWTKeyCollection()
        await collection.add(eddsa: key, kid: JWKIdentifier(string: kid))
        let token = try await collection.sign(claims, kid: JWKIdentifier(string: kid))
        return IssuedToken(accessToken: token, expiresIn: Int(config.accessTokenLifetime))
    }
}
