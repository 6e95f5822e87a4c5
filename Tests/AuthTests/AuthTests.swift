import Foundation
import ServiceKit
import TestSupport
import Testing

@testable import Auth

@Suite("auth")
struct AuthTests {
    @Test("the OpenAPI document lists exactly the routes auth serves")
    func openAPIMatchesRoutes() throws {
        let reader = ConfigReaderFactory.make(["auth.key.encryption.key": "test-key"])
        let (documented, served) = try RouteContract.compare(try AuthService.blueprint(reader: reader))
        #expect(documented == served)
        #expect(served.contains("POST /login"))
    }

    @Test("password policy: length in bytes, no composition rules, common passwords refused")
    func passwordPolicy() {
        #expect(PasswordPolicy.problems("short").count == 1)
        #expect(PasswordPolicy.problems("password").first?.message.contains("common") == true)
        #expect(PasswordPolicy.problems("correct horse battery staple").isEmpty)
        #expect(PasswordPolicy.problems(String(repeating: "é", count: 40)).first?.message.contains("72 bytes") == true)
        #expect(PasswordPolicy.problems(String(repeating: "a", count: 72)).isEmpty)
    }

    @Test("registration validation names each bad field")
    func registrationValidation() {
        let input = AccountController.RegisterRequest(
            email: "nope", password: "correct horse battery", displayName: " ", language: "de")
        let fields = Set(Validation.registration(input).map(\.field))
        #expect(fields == ["email", "displayName", "language"])
    }

    @Test("every role's permissions include the lower roles' permissions")
    func roles() {
        #expect(Set(Role.client.permissions).isSubset(of: Set(Role.moderator.permissions)))
        #expect(Set(Role.moderator.permissions).isSubset(of: Set(Role.admin.permissions)))
        #expect(Set(Role.admin.permissions).isSubset(of: Set(Role.superAdmin.permissions)))
        #expect(!Role.admin.permissions.contains("roles:manage"))
        #expect(Role.moderator.permissions.contains("films:write"))
    }

    @Test("bcrypt verification with a decoy hash never accepts a missing account")
    func decoy() async throws {
        let hasher = PasswordHasher(cost: 4)
        let hash = try await hasher.hash("correct horse battery staple")
        #expect(try await hasher.verify("correct horse battery staple", hash: hash))
        #expect(try await !hasher.verify("wrong", hash: hash))
        #expect(try await !hasher.verify("anything", hash: nil))
    }

    @Test("every event it publishes or consumes is in the AsyncAPI catalogue")
    func eventCatalogue() throws {
        let documented = try EventCatalogue.documentedTypes()
        let published: Set<String> = Set([
            UserRegistered.type, UserLocked.type, UserRoleChanged.type, PasswordResetRequested.type,
            PasswordChanged.type,
        ])
        let consumed = EventCatalogue.consumedTypes(
            try AuthService.blueprint(reader: ConfigReaderFactory.make(["auth.key.encryption.key": "k"])))
        #expect(published.subtracting(documented).isEmpty, "undocumented: \(published.subtracting(documented))")
        #expect(consumed.subtracting(documented).isEmpty, "undocumented: \(consumed.subtracting(documented))")
    }
}
