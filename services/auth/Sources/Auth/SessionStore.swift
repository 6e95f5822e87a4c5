import Crypto
import Foundation
import Logging
import NIOCore
import Persistence
import PostgresNIO
import ServiceKit

/// A login session: one refresh-token family (RFC 9700 §4.14: rotation with reuse detection).
struct Session: Codable, Sendable {
    var id: UUID
    var createdAt: Date
    var lastUsedAt: Date
    var expiresAt: Date
    var userAgent: String?
    var clientAddress: String?
    var current: Bool
}

/// Refresh tokens are 256 random bits, given to the client once and stored only as SHA-256.
/// Each use rotates the token; presenting a rotated token again revokes the whole session
/// (someone else holds a copy) and is logged as a security event.
struct SessionStore: Sendable {
    let client: PostgresClient
    let idleLifetime: TimeInterval
    let absoluteLifetime: TimeInterval

    struct Device: Sendable {
        var userAgent: String?
        var clientAddress: String?
    }

    /// Opens a session for a user who just proved who they are; returns it with its first token.
    func open(user: UUID, device: Device, logger: Logger) async throws -> (session: UUID, refreshToken: String) {
        let session = UUID()
        let token = SecretToken.make()
        let now = Date.now
        try await client.transaction(logger: logger) { connection in
            try await connection.query(
                """
                INSERT INTO sessions (id, user_id, idle_expires_at, absolute_expires_at, user_agent, client_address)
                VALUES (\(session), \(user), \(now.addingTimeInterval(idleLifetime)),
                        \(now.addingTimeInterval(absoluteLifetime)), \(device.userAgent.map { String($0.prefix(300)) }),
                        \(device.clientAddress))
                """, logger: logger)
            try await insert(token, session: session, connection, logger)
        }
        return (session, token)
    }

    enum Rotation {
        case rotated(user: UUID, session: UUID, refreshToken: String)
        case reused(user: UUID, session: UUID)
        case invalid
    }

    /// Exchanges a refresh token for its successor, or detects its reuse.
    func rotate(_ token: String, logger: Logger) async throws -> Rotation {
        try await client.transaction(logger: logger) { connection in
            let rows = try await connection.query(
                """
                SELECT s.id, s.user_id, r.rotated_at IS NOT NULL,
                       s.revoked_at IS NULL AND s.idle_expires_at > now() AND s.absolute_expires_at > now()
                FROM refresh_tokens r JOIN sessions s ON s.id = r.session_id
                WHERE r.token_hash = \(SecretToken.hash(token)) FOR UPDATE OF r, s
                """, logger: logger)
            guard
                let (session, user, rotated, active) = try await rows.decode((UUID, UUID, Bool, Bool).self).first(
                    where: { _ in true })
            else { return .invalid }
            if rotated {
                try await revoke(session: session, reason: "refresh-token-reuse", connection, logger)
                return .reused(user: user, session: session)
            }
            guard active else { return .invalid }
            let next = SecretToken.make()
            try await connection.query(
                "UPDATE refresh_tokens SET rotated_at = now() WHERE token_hash = \(SecretToken.hash(token))",
                logger: logger)
            try await insert(next, session: session, connection, logger)
            try await connection.query(
                """
                UPDATE sessions SET last_used_at = now(),
                    idle_expires_at = least(absolute_expires_at, now() + make_interval(secs => \(idleLifetime)))
                WHERE id = \(session)
                """, logger: logger)
            return .rotated(user: user, session: session, refreshToken: next)
        }
    }

    /// Active sessions of a user, most recently used first.
    func list(user: UUID, current: UUID?, logger: Logger) async throws -> [Session] {
        let rows = try await client.query(
            """
            SELECT id, created_at, last_used_at, least(idle_expires_at, absolute_expires_at), user_agent, client_address
            FROM sessions WHERE user_id = \(user) AND revoked_at IS NULL AND idle_expires_at > now()
              AND absolute_expires_at > now()
            ORDER BY last_used_at DESC LIMIT 100
            """, logger: logger)
        var sessions: [Session] = []
        for try await (id, created, used, expires, agent, address) in rows.decode(
            (UUID, Date, Date, Date, String?, String?).self)
        {
            sessions.append(
                Session(
                    id: id, createdAt: created, lastUsedAt: used, expiresAt: expires, userAgent: agent,
                    clientAddress: address, current: id == current))
        }
        return sessions
    }

    /// Revokes one of the user's sessions; false when it is not theirs or already ended.
    func revoke(session: UUID, of user: UUID, reason: String, logger: Logger) async throws -> Bool {
        let rows = try await client.query(
            """
            UPDATE sessions SET revoked_at = now(), revoked_reason = \(reason)
            WHERE id = \(session) AND user_id = \(user) AND revoked_at IS NULL RETURNING id
            """, logger: logger)
        return try await rows.decode(UUID.self).firstElement() != nil
    }

    /// Revokes every session of a user (log out everywhere); returns how many.
    func revokeAll(of user: UUID, reason: String, logger: Logger) async throws -> Int {
        let rows = try await client.query(
            """
            UPDATE sessions SET revoked_at = now(), revoked_reason = \(reason)
            WHERE user_id = \(user) AND revoked_at IS NULL RETURNING id
            """, logger: logger)
        var count = 0
        for try await _ in rows { count += 1 }
        return count
    }

    private func revoke(session: UUID, reason: String, _ connection: PostgresConnection, _ logger: Logger) async throws
    {
        try await connection.query(
            "UPDATE sessions SET revoked_at = coalesce(revoked_at, now()), revoked_reason = \(reason) WHERE id = \(session)",
            logger: logger)
    }

    private func insert(_ token: String, session: UUID, _ connection: PostgresConnection, _ logger: Logger) async throws
    {
        try await connection.query(
            "INSERT INTO refresh_tokens (token_hash, session_id) VALUES (\(SecretToken.hash(token)), \(session))",
            logger: logger)
    }
}
