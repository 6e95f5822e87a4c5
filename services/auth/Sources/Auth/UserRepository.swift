import Foundation
import Logging
import Messaging
import Persistence
import PostgresNIO
import ServiceKit

struct User: Codable, Sendable, Equatable {
    var id: UUID
    var email: String
    var passwordHash: String
    var displayName: String
    var language: String
    var role: Role
    var createdAt: Date
}

/// Published when an account is created; notifications welcomes the user.
struct UserRegistered: IntegrationEvent {
    static let type = "auth.user.registered"
    var userId: UUID
    var email: String
    var displayName: String
    var language: String
    var role: String
    /// Single-use token of the verification link (absent for accounts created already verified).
    var verificationToken: String?
}

/// Published when failed logins lock an account; notifications tells its owner.
struct UserLocked: IntegrationEvent {
    static let type = "auth.user.locked"
    var userId: UUID
    var email: String
    var displayName: String
    var language: String
    var lockedUntil: Date
}

/// Published when someone registers with the address of an existing account: the owner is told
/// by e-mail, while the caller gets the same answer as for a new address (no enumeration).
struct RegistrationRepeated: IntegrationEvent {
    static let type = "auth.user.registration_repeated"
    var userId: UUID
    var email: String
    var displayName: String
    var language: String
}

/// The address of a registration already belongs to an account.
struct EmailTaken: Error {}

/// Published when an administrator changes a user's role.
struct UserRoleChanged: IntegrationEvent {
    static let type = "auth.user.role_changed"
    var userId: UUID
    var oldRole: String
    var newRole: String
    var changedBy: UUID
}

/// Users in auth's schema. Creating a user writes `auth.user.registered` in the same transaction.
struct PostgresUserRepository: Sendable {
    let client: PostgresClient
    let logger: Logger

    /// How long an e-mail verification link works.
    static let verificationLifetime: TimeInterval = 7 * 86400

    /// Creates a user; unless `verified`, with a verification token that the welcome e-mail carries.
    func create(_ user: User, verified: Bool = false) async throws {
        let token = verified ? nil : SecretToken.make()
        do {
            try await client.transaction(logger: logger) { connection in
                try await connection.query(
                    """
                    INSERT INTO users (id, email, password_hash, display_name, language, role, created_at,
                                       email_verified_at)
                    VALUES (\(user.id), \(user.email), \(user.passwordHash), \(user.displayName), \(user.language),
                            \(user.role.rawValue), \(user.createdAt), \(verified ? Date.now : nil))
                    """, logger: logger)
                if let token {
                    try await connection.query(
                        """
                        INSERT INTO email_verification_tokens (token_hash, user_id, expires_at)
                        VALUES (\(SecretToken.hash(token)), \(user.id), \(Date.now.addingTimeInterval(Self.verificationLifetime)))
                        """, logger: logger)
                }
                let event = UserRegistered(
                    userId: user.id, email: user.email, displayName: user.displayName, language: user.language,
                    role: user.role.rawValue, verificationToken: token)
                try await Outbox.enqueue(event, on: connection, logger: logger)
            }
        } catch  where DatabaseConstraint(error) == .unique(constraint: "users_email") {
            throw EmailTaken()
        }
    }

    /// Tells the owner of `email` that someone tried to register with it.
    func reportRepeatedRegistration(email: String) async throws {
        try await client.transaction(logger: logger) { connection in
            let rows = try await connection.query(
                "SELECT id, email, display_name, language FROM users WHERE lower(email) = lower(\(email))",
                logger: logger)
            for try await (id, email, name, language) in rows.decode((UUID, String, String, String).self) {
                let event = RegistrationRepeated(userId: id, email: email, displayName: name, language: language)
                try await Outbox.enqueue(event, on: connection, logger: logger)
            }
        }
    }

    /// Uses a verification token; false when it is unknown, used or expired.
    func verifyEmail(token: String) async throws -> Bool {
        try await client.transaction(logger: logger) { connection in
            let rows = try await connection.query(
                """
                UPDATE email_verification_tokens SET used_at = now()
                WHERE token_hash = \(SecretToken.hash(token)) AND used_at IS NULL AND expires_at > now()
                RETURNING user_id
                """, logger: logger)
            guard let user = try await rows.decode(UUID.self).firstElement() else { return false }
            try await connection.query(
                "UPDATE users SET email_verified_at = coalesce(email_verified_at, now()) WHERE id = \(user)",
                logger: logger)
            return true
        }
    }

    func isEmailVerified(_ id: UUID) async throws -> Bool {
        let rows = try await client.query(
            "SELECT email_verified_at IS NOT NULL FROM users WHERE id = \(id)", logger: logger)
        return try await rows.decode(Bool.self).firstElement() ?? false
    }

    /// Changes a role. Granting or taking away admin or super admin needs `roles:manage` (super
    /// admins only), and the last super admin cannot be demoted: the super admins are locked for
    /// the check, so two demotions at once cannot both pass.
    func changeRole(of id: UUID, to role: Role, by actor: Identity) async throws -> User {
        try await client.transaction(logger: logger) { connection in
            let rows = try await connection.query("SELECT role FROM users WHERE id = \(id) FOR UPDATE", logger: logger)
            guard let old = try await rows.decode(String.self).firstElement().flatMap(Role.init) else {
                throw AppError.notFound("User")
            }
            let privileged: Set<Role> = [.admin, .superAdmin]
            if privileged.contains(old) || privileged.contains(role), !actor.has("roles:manage") {
                throw AppError.forbidden("Only a super admin can grant or take away the admin and super admin roles")
            }
            if old == .superAdmin, role != .superAdmin {
                let admins = try await connection.query(
                    "SELECT id FROM users WHERE role = 'super_admin' FOR UPDATE", logger: logger)
                var count = 0
                for try await _ in admins { count += 1 }
                guard count > 1 else {
                    throw AppError.conflict("last-super-admin", "The last super admin cannot lose that role")
                }
            }
            try await connection.query("UPDATE users SET role = \(role.rawValue) WHERE id = \(id)", logger: logger)
            let event = UserRoleChanged(
                userId: id, oldRole: old.rawValue, newRole: role.rawValue, changedBy: actor.userID)
            try await Outbox.enqueue(event, on: connection, logger: logger)
        }
        guard let user = try await find(id: id) else { throw AppError.notFound("User") }
        return user
    }

    /// Publishes `auth.user.locked` (the lock itself lives in the login throttle).
    func recordLock(_ user: User, until: Date) async throws {
        try await client.transaction(logger: logger) { connection in
            let event = UserLocked(
                userId: user.id, email: user.email, displayName: user.displayName, language: user.language,
                lockedUntil: until)
            try await Outbox.enqueue(event, on: connection, logger: logger)
        }
    }

    func find(email: String) async throws -> User? {
        try await first("SELECT \(unescaped: Self.columns) FROM users WHERE lower(email) = lower(\(email))")
    }

    func find(id: UUID) async throws -> User? {
        try await first("SELECT \(unescaped: Self.columns) FROM users WHERE id = \(id)")
    }

    func hasSuperAdmin() async throws -> Bool {
        try await first("SELECT \(unescaped: Self.columns) FROM users WHERE role = 'super_admin' LIMIT 1") != nil
    }

    /// Accounts in id order; `text`: a case-insensitive substring of the e-mail or display name;
    /// `role`: that role only.
    func list(page: PageRequest, text: String? = nil, role: Role? = nil) async throws -> Page<User> {
        let after = page.after.flatMap(UUID.init(uuidString:)) ?? .zero
        let needle = text?.lowercased()
        let rows = try await client.query(
            """
            SELECT \(unescaped: Self.columns) FROM users
            WHERE id > \(after) AND (\(role?.rawValue)::text IS NULL OR role = \(role?.rawValue))
              AND (\(needle)::text IS NULL OR strpos(lower(email), \(needle)) > 0
                   OR strpos(lower(display_name), \(needle)) > 0)
            ORDER BY id LIMIT \(page.limit + 1)
            """, logger: logger)
        return page.page(try await Self.users(rows)) { $0.id.uuidString }
    }

    private static let columns = "id, email, password_hash, display_name, language, role, created_at"

    private func first(_ query: PostgresQuery) async throws -> User? {
        try await Self.users(try await client.query(query, logger: logger)).first
    }

    private static func users(_ rows: PostgresRowSequence) async throws -> [User] {
        var users: [User] = []
        for try await (id, email, hash, name, language, role, created) in rows.decode(
            (UUID, String, String, String, String, String, Date).self)
        {
            users.append(
                User(
                    id: id, email: email, passwordHash: hash, displayName: name, language: language,
                    role: Role(rawValue: role) ?? .client, createdAt: created))
        }
        return users
    }
}
