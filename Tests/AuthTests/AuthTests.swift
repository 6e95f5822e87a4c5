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

    @Test("the README's HTTP section names every route of the OpenAPI document")
    func readmeNamesEveryRoute() throws {
        let reader = ConfigReaderFactory.make(["auth.key.encryption.key": "test-key"])
        let documented = try AuthService.blueprint(reader: reader).openAPI.operations()
        #expect(documented.subtracting(try ReadmeRoutes.named(inReadmeOf: "auth")).sorted() == [])
    }

    @Test("password policy: length in bytes, no composition rules, common passwords refused")
    func passwordPolicy() {
        #expect(PasswordPolicy.problems("short").count == 1)
        #expect(PasswordPolicy.problems("password").first?.message.contains("common") == true)
        // The shipped list, not a handful: entries from deep in it, any case.
        #expect(PasswordPolicy.common.count > 8000)
        for common in ["Football1", "LETMEIN123", "azertyuiop"] {
            #expect(PasswordPolicy.problems(common).first?.message.contains("common") == true)
        }
        #expect(PasswordPolicy.problems("correct horse battery staple").isEmpty)
        #expect(PasswordPolicy.problems(String(repeating: "é", count: 40)).first?.message.contains("72 bytes") == true)
        #expect(PasswordPolicy.problems(String(repeating: "a", count: 72)).isEmpty)
    }

    @Test("a dashboard layout names every bad field; the standard layout is valid; 50 items at most")
    func dashboardLayoutValidation() {
        #expect(DashboardLayout.standard.problems.isEmpty)
        let layout = DashboardLayout(
            period: "forever", cinemaId: nil,
            items: [
                .init(id: "x", kind: "card", metric: "fill-rate-by-film", view: "chart"),
                .init(id: "x", kind: "chart", metric: "revenue-over-time", period: "day", view: "pie", width: 0),
                .init(id: "", kind: "table", metric: "revenue"),
            ])
        #expect(
            layout.problems.map(\.field) == [
                "period", "items[0].metric", "items[0].view", "items[1].id", "items[1].view", "items[1].period",
                "items[1].width", "items[2].id", "items[2].kind",
            ])
        let full = DashboardLayout(
            period: "week", cinemaId: nil, items: (0..<51).map { .init(id: "c\($0)", kind: "card", metric: "revenue") })
        #expect(full.problems.map(\.field) == ["items"])
        #expect(DashboardLayout(period: "week", cinemaId: nil, items: Array(full.items.prefix(50))).problems.isEmpty)
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
        // Over 72 bytes bcrypt would compare a truncated password: refused, not matched.
        let long = String(repeating: "a", count: 72)
        let longHash = try await hasher.hash(long)
        #expect(try await hasher.verify(long, hash: longHash))
        #expect(try await !hasher.verify(long + "b", hash: longHash))
    }

    @Test("a signing key is pending, then active, then verifies its tokens' lifetime, then leaves the JWKS")
    func signingKeyLifecycle() {
        let policy = SigningKeyStore.Policy(tokenLifetime: 900, prepublish: 120, rotationInterval: 30 * 86400)
        let t0 = Date(timeIntervalSince1970: 1_800_000_000)
        func key(now: Date, supersededAt: Date? = nil, retired: Bool = false) -> SigningKey {
            SigningKey(
                kid: "k", x: "x", createdAt: t0, activatesAt: t0.addingTimeInterval(120), retiredAt: retired ? t0 : nil,
                now: now, supersededAt: supersededAt)
        }
        #expect(key(now: t0).status(policy) == .pending)
        #expect(key(now: t0.addingTimeInterval(120)).status(policy) == .active)
        let replaced = t0.addingTimeInterval(1000)
        // Still published while a token it signed just before being replaced can be valid (+ leeway).
        #expect(key(now: replaced.addingTimeInterval(959), supersededAt: replaced).status(policy) == .verifying)
        #expect(key(now: replaced.addingTimeInterval(961), supersededAt: replaced).status(policy) == .expired)
        #expect(key(now: t0.addingTimeInterval(200), retired: true).status(policy) == .retired)
        #expect(!SigningKey.Status.expired.isPublished && SigningKey.Status.pending.isPublished)

        #expect(!SigningKeyStore.isDue(key(now: t0.addingTimeInterval(120 + 29 * 86400)), policy: policy))
        #expect(SigningKeyStore.isDue(key(now: t0.addingTimeInterval(120 + 30 * 86400)), policy: policy))
        var manual = policy
        manual.rotationInterval = 0
        #expect(!SigningKeyStore.isDue(key(now: t0.addingTimeInterval(400 * 86400)), policy: manual))
    }

    @Test("every event it publishes or consumes is in the AsyncAPI catalogue")
    func eventCatalogue() throws {
        let documented = try EventCatalogue.documentedTypes()
        let published: Set<String> = Set([
            UserRegistered.type, RegistrationRepeated.type, UserLocked.type, UserRoleChanged.type,
            PasswordResetRequested.type,
            PasswordChanged.type,
        ])
        let consumed = EventCatalogue.consumedTypes(
            try AuthService.blueprint(reader: ConfigReaderFactory.make(["auth.key.encryption.key": "k"])))
        #expect(published.subtracting(documented).isEmpty, "undocumented: \(published.subtracting(documented))")
        #expect(consumed.subtracting(documented).isEmpty, "undocumented: \(consumed.subtracting(documented))")
    }
}
