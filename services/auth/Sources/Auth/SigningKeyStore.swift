import AuthKit
import Crypto
import Foundation
import JWTKit
import Logging
import PostgresNIO

/// The Ed25519 keys that sign access tokens, kept in auth's schema with the private half sealed
/// (AES-GCM, key from configuration). The newest key signs; every key not retired for longer
/// than a token lifetime stays in the JWKS so that tokens it signed still verify.
actor SigningKeyStore {
    let client: PostgresClient
    let encryptionKey: SymmetricKey
    let tokenLifetime: TimeInterval
    let logger: Logger
    var signer: (kid: String, key: EdDSA.PrivateKey)?

    init(client: PostgresClient, encryptionKey: SymmetricKey, tokenLifetime: TimeInterval, logger: Logger) {
        self.client = client
        self.encryptionKey = encryptionKey
        self.tokenLifetime = tokenLifetime
        self.logger = logger
    }

    /// The current signing key, created on first use (once, even with several replicas).
    func current() async throws -> (kid: String, key: EdDSA.PrivateKey) {
        if let signer { return signer }
        let loaded = try await client.transaction(logger: logger) { connection in
            try await connection.query("SELECT pg_advisory_xact_lock(7245001)", logger: logger)
            if let existing = try await newest(connection) { return existing }
            return try await create(connection)
        }
        signer = loaded
        return loaded
    }

    /// The public keys that verify tokens still in circulation.
    func publicKeys() async throws -> PublicJWKS {
        _ = try await current()
        let rows = try await client.query(
            """
            SELECT kid, public_x FROM signing_keys
            WHERE retired_at IS NULL OR retired_at > now() - make_interval(secs => \(tokenLifetime))
            ORDER BY created_at DESC
            """, logger: logger)
        var keys: [PublicJWK] = []
        for try await (kid, x) in rows.decode((String, String).self) { keys.append(PublicJWK(kid: kid, x: x)) }
        return PublicJWKS(keys: keys)
    }

    private func newest(_ connection: PostgresConnection) async throws -> (kid: String, key: EdDSA.PrivateKey)? {
        let rows = try await connection.query(
            """
            SELECT kid, sealed_private_key FROM signing_keys WHERE retired_at IS NULL
            ORDER BY created_at DESC LIMIT 1
            """, logger: logger)
        for try await (kid, sealed) in rows.decode((String, ByteBuffer).self) {
            let box = try AES.GCM.SealedBox(combined: Data(buffer: sealed))
            let raw = try AES.GCM.open(box, using: encryptionKey, authenticating: Data(kid.utf8))
            return (kid, EdDSA.PrivateKey(backing: try Curve25519.Signing.PrivateKey(rawRepresentation: raw)))
        }
        return nil
    }

    private func create(_ connection: PostgresConnection) async throws -> (kid: String, key: EdDSA.PrivateKey) {
        let key = Curve25519.Signing.PrivateKey()
        let kid = "k-" + UUID().uuidString.lowercased().prefix(13)
        let sealed = try AES.GCM.seal(key.rawRepresentation, using: encryptionKey, authenticating: Data(kid.utf8))
        let x = key.publicKey.rawRepresentation.base64URLEncoded
        try await connection.query(
            """
            INSERT INTO signing_keys (kid, sealed_private_key, public_x)
            VALUES (\(kid), \(ByteBuffer(data: sealed.combined!)), \(x))
            """, logger: logger)
        logger.info("signing key created", metadata: ["kid": "\(kid)"])
        return (kid, EdDSA.PrivateKey(backing: key))
    }
}

extension Data {
    var base64URLEncoded: String {
        base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }
}
