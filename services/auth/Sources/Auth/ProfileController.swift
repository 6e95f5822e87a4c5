import Foundation
import Hummingbird
import Logging
import Messaging
import PostgresNIO
import ServiceKit

/// The signed-in user's own account: `POST /me/password` (change the password knowing the current
/// one) and `PATCH /me` (display name, language).
struct ProfileController: Sendable {
    let users: PostgresUserRepository
    let passwords: PasswordHasher
    let throttle: LoginThrottle

    func addRoutes(to router: Router<ServiceRequestContext>) {
        router.post("/me/password", use: changePassword)
        router.patch("/me", use: update)
    }

    struct PasswordChange: Decodable {
        var currentPassword: String
        var newPassword: String
    }

    /// The new password follows the registration policy (422); a wrong current password is 403
    /// `wrong-password`, counted and slowed down as a failed login of this account from this
    /// address (a stolen access token does not make a password oracle). Every other session is
    /// revoked, pending reset links are spent, and the owner is told by e-mail
    /// (`auth.password.changed`).
    func changePassword(_ request: Request, context: ServiceRequestContext) async throws -> Response {
        let identity = try context.requireIdentity()
        let input = try await request.decode(as: PasswordChange.self, context: context)
        var problems = PasswordPolicy.problems(input.newPassword).map {
            Problem.FieldError(field: "newPassword", message: $0.message)
        }
        if problems.isEmpty, input.newPassword == input.currentPassword {
            problems.append(.init(field: "newPassword", message: "must differ from the current password"))
        }
        guard problems.isEmpty else { throw AppError.invalid(problems) }
        guard let user = try await users.find(id: identity.userID) else { throw AppError.notFound("User") }
        let login = LoginThrottle.login(user.email)
        let address = request.clientAddress(context)
        if let seconds = try await throttle.lockedFor(
            [LoginThrottle.pairKey(login, address)], logger: context.logger)
        {
            throw AccountController.locked(seconds)
        }
        guard try await passwords.verify(input.currentPassword, hash: user.passwordHash) else {
            let failure = try await throttle.recordFailure(login: login, address: address, logger: context.logger)
            if failure.lockedAccount {
                try await users.recordLock(user, until: .now.addingTimeInterval(throttle.policy.lockDuration))
            }
            context.logger.notice(
                "password change refused: wrong current password",
                metadata: ["securityEvent": "password_change_refused", "userId": "\(user.id)"])
            try await Task.sleep(for: failure.delay)
            throw AppError(.forbidden, code: "wrong-password", "The current password is incorrect")
        }
        let hash = try await passwords.hash(input.newPassword)
        let revoked = try await users.client.transaction(logger: context.logger) { connection in
            try await connection.query(
                "UPDATE users SET password_hash = \(hash) WHERE id = \(user.id)", logger: context.logger)
            let rows = try await connection.query(
                """
                UPDATE sessions SET revoked_at = now(), revoked_reason = 'password-changed'
                WHERE user_id = \(user.id) AND revoked_at IS NULL AND id IS DISTINCT FROM \(identity.sessionID)
                RETURNING id
                """, logger: context.logger)
            var count = 0
            for try await _ in rows { count += 1 }
            try await connection.query(
                "UPDATE password_reset_tokens SET used_at = coalesce(used_at, now()) WHERE user_id = \(user.id)",
                logger: context.logger)
            let event = PasswordChanged(
                userId: user.id, email: user.email, displayName: user.displayName, language: user.language)
            try await Outbox.enqueue(event, on: connection, logger: context.logger)
            return count
        }
        context.logger.notice(
            "password changed",
            metadata: ["securityEvent": "password_changed", "userId": "\(user.id)", "sessionsRevoked": "\(revoked)"])
        return Response(status: .noContent)
    }

    struct ProfileUpdate: Decodable {
        var displayName: String?
        var language: String?
    }

    /// Changes the display name and/or the language (of e-mails and of the app); an absent field
    /// is unchanged. Validated as at registration (422).
    func update(_ request: Request, context: ServiceRequestContext) async throws -> AccountController.UserResponse {
        let identity = try context.requireIdentity()
        let input = try await request.decode(as: ProfileUpdate.self, context: context)
        var errors: [Problem.FieldError] = []
        let name = input.displayName?.trimmingCharacters(in: .whitespaces)
        if let name, name.isEmpty || name.count > 100 {
            errors.append(.init(field: "displayName", message: "must have 1 to 100 characters"))
        }
        if let language = input.language, !["fr", "en"].contains(language) {
            errors.append(.init(field: "language", message: "must be fr or en"))
        }
        guard errors.isEmpty else { throw AppError.invalid(errors) }
        try await users.client.query(
            """
            UPDATE users SET display_name = coalesce(\(name), display_name),
                             language = coalesce(\(input.language), language)
            WHERE id = \(identity.userID)
            """, logger: context.logger)
        guard let user = try await users.find(id: identity.userID) else { throw AppError.notFound("User") }
        return AccountController.UserResponse(user, emailVerified: try await users.isEmailVerified(user.id))
    }
}
