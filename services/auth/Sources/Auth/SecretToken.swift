import Crypto
import Foundation
import NIOCore

/// The opaque secrets auth hands out (refresh, password-reset and verification tokens): 256
/// random bits for the client, only their SHA-256 for the database.
enum SecretToken {
    static func make() -> String {
        SymmetricKey(size: .bits256).withUnsafeBytes { Data($0) }.base64URLEncoded
    }

    static func hash(_ token: String) -> ByteBuffer {
        ByteBuffer(bytes: SHA256.hash(data: Data(token.utf8)))
    }
}
