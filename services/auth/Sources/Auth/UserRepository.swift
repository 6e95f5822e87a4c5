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

/// Users in auth's schema. Creating a user writes `auth.user.registered` in the same transaction.
struct PostgresUserRepository: Sendable {
    let client: PostgresClient
    let logger: Logger

    func create(_ user: User) async throws {
        do {
            try await client.transaction(logger: logger) { connection in
                try await connection.query(
                    """
                    INSERT INTO users (id, email, password_hash, display_name, language, role, created_at)
                    VALUES (\(user.id), \(user.email), \(user.passwordHash), \(user.displayName), \(user.language),
                            \(user.role.rawValue), \(user.createdAt))
                    """, logger: logger)
                let event = UserRegistered(
                    userId: user.id, email: user.email, displayName: user.displayName, language: user.language,
                    role: user.role.rawValue)
                try await Outbox.enqueue(event, on: connection, logger: logger)
            }
        } catch  where DatabaseConstraint(error) == .unique(constraint: "users_email") {
            throw AppError.conflict("email-taken", "An account with this e-mail address already exists")
        }
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

    func list(page: PageRequest) async throws -> Page<User> {
        let after = page.after.flatMap(UUID.init(uuidString:)) ?? .zero
        let rows = try await client.query(
            """
            SELECT \(unescaped: Self.columns) FROM users WHERE id > \(after) ORDER BY id LIMIT \(page.limit + 1)
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
