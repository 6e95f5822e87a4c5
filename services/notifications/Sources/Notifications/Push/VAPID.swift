import Crypto
import Foundation
import ServiceKit

/// Voluntary application server identification (RFC 8292): each push request carries
/// `Authorization: vapid t=<JWT>, k=<public key>`, the JWT signed with ES256 by the server's P-256
/// key, its `aud` the push service's origin, `exp` at most 24 h ahead, `sub` a contact URI.
/// The public key is what browsers receive as `applicationServerKey` when they subscribe.
struct VAPID: Sendable {
    let key: P256.Signing.PrivateKey
    let subject: String

    /// `rawKey` is the base64url 32-byte private scalar (`push.vapid.private.key`).
    init(rawKey: String?, subject: String) throws {
        if let rawKey, let data = Base64URL.decode(rawKey) {
            key = try P256.Signing.PrivateKey(rawRepresentation: data)
        } else {
            key = P256.Signing.PrivateKey()
        }
        self.subject = subject
    }

    /// The uncompressed public point, base64url: the `k` parameter and the applicationServerKey.
    var publicKey: String { Base64URL.encode(key.publicKey.x963Representation) }

    func authorization(endpoint: URL, now: Date = .now) throws -> String {
        guard let scheme = endpoint.scheme, let host = endpoint.host else { throw ProviderError.badEndpoint }
        let origin = "\(scheme)://\(host)\(endpoint.port.map { ":\($0)" } ?? "")"
        let header = Base64URL.encode(Data(#"{"typ":"JWT","alg":"ES256"}"#.utf8))
        let claims: [String: Any] = ["aud": origin, "exp": Int(now.timeIntervalSince1970) + 12 * 3600, "sub": subject]
        let payload = Base64URL.encode(try JSONSerialization.data(withJSONObject: claims, options: [.sortedKeys]))
        let signature = try key.signature(for: Data("\(header).\(payload)".utf8))
        return "vapid t=\(header).\(payload).\(Base64URL.encode(signature.rawRepresentation)), k=\(publicKey)"
    }
}

extension ProviderError {
    static let badEndpoint = ProviderError(provider: "push", status: nil, detail: "invalid endpoint")
}
