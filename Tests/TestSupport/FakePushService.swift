import Crypto
import Foundation
import Hummingbird
import NIOCore
import ServiceKit

/// A local push service (RFC 8030): browsers' subscriptions point at it. `POST /push/{id}` stores
/// the request (headers and encrypted body) and answers 201, or 410 Gone for the ids in `gone`
/// (an expired subscription). `Subscriber` holds a browser's keys and decrypts what arrived
/// (RFC 8291), so tests read the real payload.
public actor FakePushService {
    public struct Received: Sendable {
        public var id: String
        public var authorization: String?
        public var ttl: String?
        public var urgency: String?
        public var contentEncoding: String?
        public var body: Data
    }

    public private(set) var received: [Received] = []
    private var gone: Set<String> = []
    public private(set) var port = 0
    /// The start-up, shared by concurrent callers of `start` (the port it bound).
    private var server: Task<Int, any Error>?

    public init() {}

    public var baseURL: String { "http://127.0.0.1:\(port)" }

    public func start() async throws {
        if let server {
            _ = try await server.value
            return
        }
        let router = Router()
        router.post("/push/:id") { request, context in
            try await self.push(request, id: try context.parameters.require("id"))
        }
        let launching = Task { try await launch(router).port }
        server = launching
        port = try await launching.value
    }

    public func expire(_ id: String) { gone.insert(id) }

    public func received(for id: String) -> [Received] { received.filter { $0.id == id } }

    private func push(_ request: Request, id: String) async throws -> Response {
        let body = Data(buffer: try await request.body.collect(upTo: 8192))
        received.append(
            Received(
                id: id, authorization: request.headers[.authorization], ttl: request.headers[.init("TTL")!],
                urgency: request.headers[.init("Urgency")!], contentEncoding: request.headers[.contentEncoding],
                body: body))
        return Response(status: gone.contains(id) ? .gone : .created)
    }
}

/// A browser's push subscription keys, able to decrypt an `aes128gcm` message (RFC 8291 §3.4).
public struct PushSubscriber: Sendable {
    public let key = P256.KeyAgreement.PrivateKey()
    public let auth = SymmetricKey(size: .bits128).withUnsafeBytes { Data($0) }

    public init() {}

    public var p256dh: String { Base64URL.encode(key.publicKey.x963Representation) }
    public var authSecret: String { Base64URL.encode(auth) }

    public func decrypt(_ body: Data) throws -> Data {
        let bytes = [UInt8](body)
        guard bytes.count > 21 else { throw TestFailure("push body too short") }
        let salt = Data(bytes[0..<16])
        let idLength = Int(bytes[20])
        let serverPublic = Data(bytes[21..<(21 + idLength)])
        let ciphertext = Data(bytes[(21 + idLength)...])
        let shared = try key.sharedSecretFromKeyAgreement(
            with: try P256.KeyAgreement.PublicKey(x963Representation: serverPublic))
        let secret = shared.withUnsafeBytes { Data($0) }
        let info = Data("WebPush: info".utf8) + [0] + key.publicKey.x963Representation + serverPublic
        let prkKey = HKDF<SHA256>.extract(inputKeyMaterial: SymmetricKey(data: secret), salt: auth)
        let ikm = HKDF<SHA256>.expand(pseudoRandomKey: prkKey, info: info, outputByteCount: 32)
        let prk = HKDF<SHA256>.extract(inputKeyMaterial: ikm, salt: salt)
        let cek = HKDF<SHA256>.expand(
            pseudoRandomKey: prk, info: Data("Content-Encoding: aes128gcm".utf8) + [0], outputByteCount: 16)
        let nonce = HKDF<SHA256>.expand(
            pseudoRandomKey: prk, info: Data("Content-Encoding: nonce".utf8) + [0], outputByteCount: 12)
        let box = try AES.GCM.SealedBox(
            nonce: try AES.GCM.Nonce(data: nonce.withUnsafeBytes { Data($0) }),
            ciphertext: ciphertext.dropLast(16), tag: ciphertext.suffix(16))
        var plain = try AES.GCM.open(box, using: cek)
        while let last = plain.last, last == 0 { plain.removeLast() }
        guard plain.last == 2 else { throw TestFailure("missing last-record delimiter") }
        return plain.dropLast()
    }
}
