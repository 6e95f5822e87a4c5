import Hummingbird
import ServiceKit

/// Publishes the public signing keys (RFC 7517) that the gateway and services verify with.
struct JWKSController: Sendable {
    let keys: SigningKeyStore

    func addRoutes(to router: Router<ServiceRequestContext>) {
        router.get("/.well-known/jwks.json") { _, _ -> Response in
            JSONBody.response(try await keys.publicKeys(), headers: [.cacheControl: "public, max-age=60"])
        }
    }
}
