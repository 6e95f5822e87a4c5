import Foundation
import Logging
import ServiceKit

/// Creates the first super admin from configuration when there is none, so that a new
/// installation can be administered. Idempotent; safe when several replicas start.
struct AdminBootstrap: Sendable {
    let config: AuthConfig
    let users: PostgresUserRepository
    let passwords: PasswordHasher
    let logger: Logger

    func run() async throws {
        guard let email = config.bootstrapAdminEmail, let password = config.bootstrapAdminPassword else { return }
        guard try await !users.hasSuperAdmin(), try await users.find(email: email) == nil else { return }
        let hash = try await passwords.hash(password)
        let admin = User(
            id: UUID(), email: email, passwordHash: hash, displayName: "Administrator", language: "fr",
            role: .superAdmin, createdAt: .now)
        do {
            try await users.create(admin, verified: true)
            logger.notice("bootstrap super admin created", metadata: ["email": "\(email)"])
        } catch is EmailTaken {
            return
        }
    }
}
