import Crypto
import Foundation
import Logging
import NIOCore
import Persistence
import PostgresNIO
import ServiceKit

/// Idempotency keys per user: the first request with a key runs and its answer is stored; a
/// repeat with the same request gets the same answer; the same key with another request is
/// refused (422); a repeat while the first is still running gets 409. A request that fails with
/// an error leaves no key behind, so the client can retry it.
/// `request` is the canonical form of the request (decoded, re-encoded with sorted keys), so
/// the same request sent with its JSON keys in another order is still the same request.
struct IdempotencyStore: Sendable {
    let client: PostgresClient

    struct StoredResponse: Sendable {
        var status: Int
        var body: Data
    }

    func run(
        user: UUID, key: String, request: Data, logger: Logger,
        _ work: () async throws -> StoredResponse
    ) async throws -> StoredResponse {
        let hash = Hex.encode(SHA256.hash(data: request))
        let inserted = try await client.query(
            """
            INSERT INTO idempotency_keys (user_id, key, request_hash) VALUES (\(user), \(key), \(hash))
            ON CONFLICT DO NOTHING RETURNING key
            """, logger: logger)
        guard try await inserted.decode(String.self).firstElement() != nil else {
            return try await replay(user: user, key: key, hash: hash, logger: logger)
        }
        do {
            let response = try await work()
            try await client.query(
                """
                UPDATE idempotency_keys SET response_status = \(response.status),
                    response_body = \(ByteBuffer(data: response.body))
                WHERE user_id = \(user) AND key = \(key)
                """, logger: logger)
            return response
        } catch {
            _ = try? await client.query(
                "DELETE FROM idempotency_keys WHERE user_id = \(user) AND key = \(key)", logger: logger)
            throw error
        }
    }

    private func replay(user: UUID, key: String, hash: String, logger: Logger) async throws -> StoredResponse {
        let rows = try await client.query(
            "SELECT request_hash, response_status, response_body FROM idempotency_keys WHERE user_id = \(user) AND key = \(key)",
            logger: logger)
        guard
            let (storedHash, status, body) = try await rows.decode((String, Int?, ByteBuffer?).self).first(where: { _ in
                true
            })
        else { throw AppError.conflict("idempotency-retry", "Please retry this request") }
        guard storedHash == hash else {
            throw AppError(
                .unprocessableContent, code: "idempotency-key-reused",
                "This Idempotency-Key was used for another request")
        }
        guard let status, let body else {
            throw AppError(
                .conflict, code: "request-in-progress", "A request with this Idempotency-Key is still running",
                headers: [.retryAfter: "1"])
        }
        return StoredResponse(status: status, body: Data(buffer: body))
    }

    /// The key a provider call carries: derived from the client's key, so a retry is the same call.
    static func providerKey(user: UUID, key: String) -> String {
        Hex.encode(SHA256.hash(data: Data("\(user)|\(key)".utf8)).prefix(16))
    }
}
