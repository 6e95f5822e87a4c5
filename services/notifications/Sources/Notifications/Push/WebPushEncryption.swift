import Crypto
import Foundation

/// Web Push message encryption (RFC 8291) in the `aes128gcm` content coding (RFC 8188): an
/// ephemeral P-256 key agreed with the subscription's `p256dh` key, mixed with its `auth` secret
/// through HKDF-SHA256, one record of at most 4096 bytes. The body carries the salt, the record
/// size and the ephemeral public key in its header, so no other header is needed.
enum WebPushEncryption {
    static let recordSize: UInt32 = 4096

    struct PayloadTooLarge: Error {}

    /// Encrypts `plaintext` for a subscription. `salt` and `serverKey` are random unless given (the
    /// RFC's test vector fixes them).
    static func encrypt(
        _ plaintext: [UInt8], userAgentKey: Data, authSecret: Data, salt: Data = randomSalt(),
        serverKey: P256.KeyAgreement.PrivateKey = .init()
    ) throws -> Data {
        // One record: plaintext + delimiter + 16-byte tag within the record size.
        guard plaintext.count + 1 + 16 <= Int(recordSize) - 86 else { throw PayloadTooLarge() }
        let userAgent = try P256.KeyAgreement.PublicKey(x963Representation: userAgentKey)
        let serverPublic = serverKey.publicKey.x963Representation
        let shared = try serverKey.sharedSecretFromKeyAgreement(with: userAgent)
        let secret = shared.withUnsafeBytes { Data($0) }

        let keyInfo = Data("WebPush: info".utf8) + [0] + userAgentKey + serverPublic
        let prkKey = HKDF<SHA256>.extract(inputKeyMaterial: SymmetricKey(data: secret), salt: authSecret)
        let ikm = HKDF<SHA256>.expand(pseudoRandomKey: prkKey, info: keyInfo, outputByteCount: 32)
        let prk = HKDF<SHA256>.extract(inputKeyMaterial: ikm, salt: salt)
        let cek = HKDF<SHA256>.expand(
            pseudoRandomKey: prk, info: Data("Content-Encoding: aes128gcm".utf8) + [0], outputByteCount: 16)
        let nonce = HKDF<SHA256>.expand(
            pseudoRandomKey: prk, info: Data("Content-Encoding: nonce".utf8) + [0], outputByteCount: 12)

        let padded = Data(plaintext) + [2]  // the last (and only) record's delimiter
        let sealed = try AES.GCM.seal(
            padded, using: cek, nonce: try AES.GCM.Nonce(data: nonce.withUnsafeBytes { Data($0) }))
        var header = salt
        withUnsafeBytes(of: recordSize.bigEndian) { header.append(contentsOf: $0) }
        header.append(UInt8(serverPublic.count))
        header.append(serverPublic)
        return header + sealed.ciphertext + sealed.tag
    }

    static func randomSalt() -> Data {
        SymmetricKey(size: .bits128).withUnsafeBytes { Data($0) }
    }
}
