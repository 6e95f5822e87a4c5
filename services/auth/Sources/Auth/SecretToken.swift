import Crypto
import Foundation
import NIOCore
import ServiceKit

/// The opaque secrets auth hands out (refresh, password-reset and verification tokens): 256
/// random bits for the client, only their SHA-256 for the database.
enum SecretToken {
    static func make() -> String {
        Base64URL.encode(SymmetricKey(size: .bits256).withUnsafeBytes { Data($0) })
    }

    static func hash(_ token: String) -> ByteBuffer {
        ByteBuffer(bytes: SHA256.hash(data: Data(token.utf8)))
    }
}
