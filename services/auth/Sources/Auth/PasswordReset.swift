import Crypto
import Foundation
import Logging
import Messaging
import NIOCore
import Persistence
import PostgresNIO
import ServiceKit

/// Asks notifications to e-mail a reset link. The token travels in the event because the
/// e-mail must carry it; it is single-use, short-lived, and stored by auth only as SHA-256.
struct PasswordResetRequested: IntegrationEvent {
    static let type = "auth.password_reset.requested"
    var userId: UUID
    var email: String
    var displayName: String
    var language: String
    var token: String
    var expiresAt: Date
}

/// Tells the owner that the password changed (and every session was closed).
struct PasswordChanged: IntegrationEvent {
    static let type = "auth.password.changed"
    var userId: UUID
    var email: String
    var displayName: String
    var language: String
}

/// Forgotten-password flow after the OWASP cheat sheet: same answer whether or not the account
/// exists, single-use hashed tokens with a short expiry, every session revoked after a reset.
struct PasswordReset: Sendable {
    let client: PostgresClient
    let lifetime: TimeInterval
    let logger: Logger

    /// Issues a token for an existing account; does nothing visible otherwise.
    func request(for user: User?) async throws {
        guard let user else { return }
        let token = SecretToken.make()
        let expiresAt = Date.now.addingTimeInterval(lifetime)
        try await client.transaction(logger: logger) { connection in
            try await connection.query(
                """
                INSERT INTO password_reset_tokens (token_hash, user_id, expires_at)
                VALUES (\(SecretToken.hash(token)), \(user.id), \(expiresAt))
                """, logger: logger)
            let event = PasswordResetRequested(
                userId: user.id, email: user.email, displayName: user.displayName, language: user.language,
                token: token, expiresAt: expiresAt)
            try await Outbox.enqueue(event, on: connection, logger: logger)
        }
    }

    /// Uses a token: sets the new password hash, revokes every session, tells the owner.
    func complete(token: String, newHash: String) async throws {
        try await client.transaction(logger: logger) { connection in
            let rows = try await connection.query(
                """
                UPDATE password_reset_tokens SET used_at = now()
                WHERE token_hash = \(SecretToken.hash(token)) AND used_at IS NULL AND expires_at > now()
                RETURNING user_id
                """, logger: logger)
            guard let user = try await rows.decode(UUID.self).firstElement() else {
                throw AppError(
                    .unprocessableContent, code: "invalid-reset-token", "This reset link is invalid or expired")
            }
            let updated = try await connection.query(
                """
                UPDATE users SET password_hash = \(newHash) WHERE id = \(user)
                RETURNING email, display_name, language
                """, logger: logger)
            guard
                let (email, name, language) = try await updated.decode((String, String, String).self).first(where: {
                    _ in true
                })
            else { throw AppError.notFound("User") }
            try await connection.query(
                """
                UPDATE sessions SET revoked_at = now(), revoked_reason = 'password-reset'
                WHERE user_id = \(user) AND revoked_at IS NULL
                """, logger: logger)
            try await connection.query(
                "UPDATE password_reset_tokens SET used_at = coalesce(used_at, now()) WHERE user_id = \(user)",
                logger: logger)
            let event = PasswordChanged(userId: user, email: email, displayName: name, language: language)
            try await Outbox.enqueue(event, on: connection, logger: logger)
        }
    }
}
