import Configuration
import Crypto
import Foundation
import NIOCore

/// Personal data at rest (buyer e-mail, billing name and address) sealed with AES-GCM under a key
/// id, so that keys can rotate: new data is sealed with the current key, older data still opens
/// with the key it names. Keys: `payments.data.keys` (secret; `id:secret,id:secret`, each secret
/// stretched with HKDF-SHA256) and `payments.data.key.current` (the id that seals).
/// Stored form: `<key id>:` then the AES-GCM combined box (nonce, ciphertext, tag); the field's
/// name is authenticated data, so a value cannot be moved to another column unnoticed.
struct PersonalDataCipher: Sendable {
    let keys: [String: SymmetricKey]
    let current: String

    struct Unreadable: Error {}

    init(keys: [String: String], current: String) {
        self.keys = keys.mapValues {
            HKDF<SHA256>.deriveKey(
                inputKeyMaterial: SymmetricKey(data: Data($0.utf8)), info: Data("homestudio personal data".utf8),
                outputByteCount: 32)
        }
        self.current = current
    }

    init(reader: ConfigReader) throws {
        let raw = try reader.requiredString(forKey: "payments.data.keys", isSecret: true)
        var keys: [String: String] = [:]
        for entry in raw.split(separator: ",") {
            let parts = entry.split(separator: ":", maxSplits: 1).map(String.init)
            if parts.count == 2 { keys[parts[0]] = parts[1] }
        }
        let current = reader.string(forKey: "payments.data.key.current", default: keys.keys.sorted().last ?? "")
        guard keys[current] != nil else { throw Unreadable() }
        self.init(keys: keys, current: current)
    }

    func seal(_ value: String, field: String) throws -> ByteBuffer {
        guard let key = keys[current] else { throw Unreadable() }
        let box = try AES.GCM.seal(Data(value.utf8), using: key, authenticating: Data(field.utf8))
        var buffer = ByteBuffer(string: current + ":")
        buffer.writeBytes(box.combined!)
        return buffer
    }

    func open(_ stored: ByteBuffer, field: String) throws -> String {
        let bytes = Array(stored.readableBytesView)
        guard let colon = bytes.firstIndex(of: UInt8(ascii: ":")),
            let key = keys[String(decoding: bytes[..<colon], as: UTF8.self)]
        else { throw Unreadable() }
        let box = try AES.GCM.SealedBox(combined: Data(bytes[(colon + 1)...]))
        return String(decoding: try AES.GCM.open(box, using: key, authenticating: Data(field.utf8)), as: UTF8.self)
    }
}
