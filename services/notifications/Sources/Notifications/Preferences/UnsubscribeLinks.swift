import Crypto
import Foundation
import ServiceKit

/// Signed one-click unsubscribe links for marketing messages: the token is the user id and an
/// HMAC-SHA256 of it under `notifications.unsubscribe.secret`, so a link works without a login
/// and cannot be forged for somebody else.
struct UnsubscribeLinks: Sendable {
    let secret: SymmetricKey
    let baseURL: String

    init(secret: String, baseURL: String) {
        self.secret = SymmetricKey(data: SHA256.hash(data: Data("unsubscribe|\(secret)".utf8)))
        self.baseURL = baseURL
    }

    func token(for user: UUID) -> String {
        let id = user.uuidString.lowercased()
        let mac = HMAC<SHA256>.authenticationCode(for: Data(id.utf8), using: secret)
        return "\(id).\(Base64URL.encode(Data(mac)))"
    }

    func link(for user: UUID) -> String { "\(baseURL)/api/notifications/unsubscribe?token=\(token(for: user))" }

    /// The user a token was signed for, nil when it was not signed by us.
    func user(from token: String) -> UUID? {
        let parts = token.split(separator: ".", maxSplits: 1).map(String.init)
        guard parts.count == 2, let user = UUID(uuidString: parts[0]), let mac = Base64URL.decode(parts[1]) else {
            return nil
        }
        return HMAC<SHA256>.isValidAuthenticationCode(mac, authenticating: Data(parts[0].utf8), using: secret)
            ? user : nil
    }
}
