import Foundation
import Hummingbird
import ServiceKit

/// Publishes the public signing keys (RFC 7517) that the gateway and services verify with, and
/// lets super admins see and rotate the signing keys (`keys:manage`).
struct JWKSController: Sendable {
    let keys: SigningKeyStore

    func addRoutes(to router: Router<ServiceRequestContext>) {
        router.get("/.well-known/jwks.json") { _, _ -> Response in
            JSONBody.response(try await keys.publicKeys(), headers: [.cacheControl: "public, max-age=60"])
        }
        router.get("/signing-keys", use: list)
        router.post("/signing-keys/rotate", use: rotate)
        router.post("/signing-keys/:kid/withdraw", use: withdraw)
    }

    struct KeyResponse: ResponseCodable {
        var kid: String
        var status: SigningKey.Status
        var createdAt: Date
        var activatesAt: Date
        var supersededAt: Date?

        init(_ key: SigningKey, policy: SigningKeyStore.Policy) {
            kid = key.kid
            status = key.status(policy)
            createdAt = key.createdAt
            activatesAt = key.activatesAt
            supersededAt = key.supersededAt
        }
    }

    func list(_ request: Request, context: ServiceRequestContext) async throws -> Page<KeyResponse> {
        _ = try context.require("keys:manage")
        return Page(items: try await keys.list().map { KeyResponse($0, policy: keys.policy) }, nextCursor: nil)
    }

    struct Withdrawal: ResponseCodable {
        var withdrawn: KeyResponse
        var signing: KeyResponse
    }

    /// Withdraws a compromised key at once (and replaces it when it signed): its tokens are
    /// refused by every verifier from its next JWKS refresh (`auth.jwks.refresh.seconds`).
    func withdraw(_ request: Request, context: ServiceRequestContext) async throws -> Withdrawal {
        let identity = try context.require("keys:manage")
        let kid = try context.parameters.require("kid")
        guard let (withdrawn, signing) = try await keys.withdraw(kid) else { throw AppError.notFound("Signing key") }
        context.logger.warning(
            "signing key withdrawn",
            metadata: [
                "securityEvent": "signing_key_withdrawn", "kid": "\(kid)", "signingKid": "\(signing.kid)",
                "by": "\(identity.userID)",
            ])
        return Withdrawal(
            withdrawn: KeyResponse(withdrawn, policy: keys.policy), signing: KeyResponse(signing, policy: keys.policy))
    }

    /// Pre-publishes the next key; it signs from `activatesAt` on.
    func rotate(_ request: Request, context: ServiceRequestContext) async throws -> Response {
        _ = try context.require("keys:manage")
        let key = try await keys.rotate()
        context.logger.notice(
            "signing key rotation requested", metadata: ["kid": "\(key.kid)", "activatesAt": "\(key.activatesAt)"])
        return JSONBody.response(KeyResponse(key, policy: keys.policy), status: .accepted)
    }
}
