import AuthKit
import Crypto
import Foundation
import JWTKit
import Logging
import PostgresNIO
import ServiceKit

/// The Ed25519 keys that sign access tokens, kept in auth's schema with the private half sealed
/// (AES-GCM, key from configuration).
///
/// Rotation: a new key is published in the JWKS `prepublish` seconds before it starts signing, so
/// that every verifier has fetched it before the first token it signs arrives; the key it replaces
/// stays in the JWKS until the last token it signed has expired. A key is rotated when an admin
/// asks, and automatically once it has signed for `rotationInterval`.
actor SigningKeyStore {
    typealias Signer = (kid: String, key: EdDSA.PrivateKey)

    struct Policy: Sendable {
        var tokenLifetime: TimeInterval
        var prepublish: TimeInterval
        var rotationInterval: TimeInterval
    }

    let client: PostgresClient
    let encryptionKey: SymmetricKey
    let policy: Policy
    let logger: Logger
    private var cached: (signer: Signer, until: Date)?
    /// How long a replica signs with the key it read before it looks again.
    static let recheck: TimeInterval = 10

    init(client: PostgresClient, encryptionKey: SymmetricKey, policy: Policy, logger: Logger) {
        self.client = client
        self.encryptionKey = encryptionKey
        self.policy = policy
        self.logger = logger
    }

    /// The key that signs now.
    func current() async throws -> Signer {
        if let cached, cached.until > .now { return cached.signer }
        let (signer, nextActivation) = try await load()
        cached = (signer, min(Date.now.addingTimeInterval(Self.recheck), nextActivation ?? .distantFuture))
        return signer
    }

    /// Pre-publishes a new key (or returns the one already waiting).
    func rotate() async throws -> SigningKey {
        let key = try await client.transaction(logger: logger) { connection in
            try await lock(connection)
            if let pending = try await records(connection).first(where: { $0.status(policy) == .pending }) {
                return pending
            }
            return try await create(connection, activatesIn: policy.prepublish)
        }
        cached = nil
        return key
    }

    /// Withdraws a compromised key at once: it leaves the JWKS (verifiers refuse its tokens from
    /// their next refresh) and, when it signed or was about to, a new key signs from now on —
    /// without the usual pre-publication, since signing on with a compromised key is worse than
    /// the few seconds in which verifiers learn the new one. Returns the key withdrawn (nil when
    /// unknown) and the key that signs afterwards; withdrawing a withdrawn key changes nothing.
    func withdraw(_ kid: String) async throws -> (withdrawn: SigningKey, signing: SigningKey)? {
        let result = try await client.transaction(logger: logger) { connection -> (SigningKey, SigningKey)? in
            try await lock(connection)
            guard let key = try await records(connection).first(where: { $0.kid == kid }) else { return nil }
            let status = key.status(policy)
            if status != .retired {
                try await connection.query(
                    "UPDATE signing_keys SET retired_at = now() WHERE kid = \(kid)", logger: logger)
            }
            // The signer withdrawn: a new one at once (else an older key would sign again).
            if status == .active { _ = try await create(connection, activatesIn: 0) }
            let keys = try await records(connection)
            guard let withdrawn = keys.first(where: { $0.kid == kid }),
                let signing = keys.first(where: { $0.status(policy) == .active })
            else { throw SigningKeyMissing(kid: kid) }
            return (withdrawn, signing)
        }
        cached = nil
        return result
    }

    /// Every key with its state, newest first.
    func list() async throws -> [SigningKey] {
        _ = try await current()
        return try await client.withConnection { try await records($0) }
    }

    /// The public keys that verify tokens in circulation, and the next key to sign.
    func publicKeys() async throws -> PublicJWKS {
        PublicJWKS(
            keys: try await list().filter { $0.status(policy).isPublished }.map { PublicJWK(kid: $0.kid, x: $0.x) })
    }

    /// Reads the signing key under the rotation lock: creates the first key, and pre-publishes the
    /// next one when the signing key is due. Returns the signer and when a pending key activates.
    private func load() async throws -> (Signer, Date?) {
        try await client.transaction(logger: logger) { connection in
            try await lock(connection)
            let keys = try await records(connection)
            var pending = keys.first { $0.status(policy) == .pending }
            let active = keys.first { $0.status(policy) == .active }
            if pending == nil, let active, Self.isDue(active, policy: policy) {
                pending = try await create(connection, activatesIn: policy.prepublish)
            }
            let signing: SigningKey
            if let active { signing = active } else { signing = try await create(connection, activatesIn: 0) }
            return (try await unseal(signing.kid, connection), pending?.activatesAt)
        }
    }

    /// Whether the signing key has signed for the rotation interval (0 disables automatic rotation).
    static func isDue(_ key: SigningKey, policy: Policy) -> Bool {
        policy.rotationInterval > 0 && key.now.timeIntervalSince(key.activatesAt) >= policy.rotationInterval
    }

    private func lock(_ connection: PostgresConnection) async throws {
        try await connection.query("SELECT pg_advisory_xact_lock(7245001)", logger: logger)
    }

    private func records(_ connection: PostgresConnection) async throws -> [SigningKey] {
        let rows = try await connection.query(
            """
            SELECT k.kid, k.public_x, k.created_at, k.activates_at, k.retired_at, now(),
                   (SELECT min(n.activates_at) FROM signing_keys n
                    WHERE n.retired_at IS NULL AND n.activates_at > k.activates_at AND n.activates_at <= now())
            FROM signing_keys k ORDER BY k.activates_at DESC
            """, logger: logger)
        var keys: [SigningKey] = []
        for try await row in rows.decode((String, String, Date, Date, Date?, Date, Date?).self) {
            keys.append(
                SigningKey(
                    kid: row.0, x: row.1, createdAt: row.2, activatesAt: row.3, retiredAt: row.4, now: row.5,
                    supersededAt: row.6))
        }
        return keys
    }

    private func unseal(_ kid: String, _ connection: PostgresConnection) async throws -> Signer {
        let rows = try await connection.query(
            "SELECT sealed_private_key FROM signing_keys WHERE kid = \(kid)", logger: logger)
        guard let sealed = try await rows.decode(ByteBuffer.self).firstElement() else {
            throw SigningKeyMissing(kid: kid)
        }
        let box = try AES.GCM.SealedBox(combined: Data(buffer: sealed))
        let raw = try AES.GCM.open(box, using: encryptionKey, authenticating: Data(kid.utf8))
        return (kid, EdDSA.PrivateKey(backing: try Curve25519.Signing.PrivateKey(rawRepresentation: raw)))
    }

    private func create(_ connection: PostgresConnection, activatesIn delay: TimeInterval) async throws -> SigningKey {
        let key = Curve25519.Signing.PrivateKey()
        let kid = "k-" + UUID().uuidString.lowercased().prefix(13)
        let sealed = try AES.GCM.seal(key.rawRepresentation, using: encryptionKey, authenticating: Data(kid.utf8))
        let x = Base64URL.encode(key.publicKey.rawRepresentation)
        let rows = try await connection.query(
            """
            INSERT INTO signing_keys (kid, sealed_private_key, public_x, activates_at)
            VALUES (\(kid), \(ByteBuffer(data: sealed.combined!)), \(x), now() + make_interval(secs => \(delay)))
            RETURNING created_at, activates_at, now()
            """, logger: logger)
        let (createdAt, activatesAt, now) = try await rows.decode((Date, Date, Date).self).firstElement()!
        logger.notice("signing key created", metadata: ["kid": "\(kid)", "activatesAt": "\(activatesAt)"])
        return SigningKey(
            kid: kid, x: x, createdAt: createdAt, activatesAt: activatesAt, retiredAt: nil, now: now, supersededAt: nil)
    }
}

struct SigningKeyMissing: Error {
    var kid: String
}

/// One signing key as stored, read at the database's `now`.
struct SigningKey: Sendable {
    var kid: String
    var x: String
    var createdAt: Date
    var activatesAt: Date
    var retiredAt: Date?
    var now: Date
    /// When a newer key started signing in its place.
    var supersededAt: Date?

    enum Status: String, Codable, Sendable {
        /// Published, signs from `activatesAt`.
        case pending
        /// Signs new tokens.
        case active
        /// Replaced; verifies the tokens it signed until they have expired.
        case verifying
        /// No token it signed is still valid; no longer published.
        case expired
        /// Withdrawn by hand.
        case retired

        var isPublished: Bool { self == .pending || self == .active || self == .verifying }
    }

    /// Verifiers accept tokens up to this long after `exp` (clock skew).
    static let leeway: TimeInterval = 60

    func status(_ policy: SigningKeyStore.Policy) -> Status {
        if retiredAt != nil { return .retired }
        if activatesAt > now { return .pending }
        guard let supersededAt else { return .active }
        return supersededAt > now.addingTimeInterval(-policy.tokenLifetime - Self.leeway) ? .verifying : .expired
    }
}
