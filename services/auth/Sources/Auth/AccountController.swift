import Foundation
import Hummingbird
import ServiceKit

/// Registration, login and the caller's own account.
struct AccountController: Sendable {
    let users: PostgresUserRepository
    let issuer: TokenIssuer
    let passwords: PasswordHasher
    let sessions: SessionStore
    let throttle: LoginThrottle
    let cookies: CookieSession

    func addRoutes(to router: Router<ServiceRequestContext>) {
        router.post("/register", use: register)
        router.post("/login", use: login)
        router.get("/me", use: me)
        router.post("/verify-email", use: verifyEmail)
        router.get("/users", use: list)
        router.post("/users/:id/unlock", use: unlock)
        router.put("/users/:id/role", use: changeRole)
    }

    struct RegisterRequest: Decodable {
        var email: String
        var password: String
        var displayName: String
        var language: String?
    }

    struct UserResponse: ResponseCodable {
        var id: UUID
        var email: String
        var displayName: String
        var language: String
        var role: String
        var createdAt: Date
        var emailVerified: Bool?

        init(_ user: User, emailVerified: Bool? = nil) {
            self.emailVerified = emailVerified
            id = user.id
            email = user.email
            displayName = user.displayName
            language = user.language
            role = user.role.rawValue
            createdAt = user.createdAt
        }
    }

    struct LoginRequest: Decodable {
        var email: String
        var password: String
        /// A browser session: the refresh token goes into an HttpOnly cookie, not the body.
        var useCookie: Bool?
    }

    struct LoginResponse: ResponseCodable {
        var accessToken: String
        var tokenType: String
        var expiresIn: Int
        /// Absent for a cookie session.
        var refreshToken: String?
        var user: UserResponse
    }

    struct RegistrationAccepted: ResponseCodable {
        var status = "accepted"
        var message = "Check your inbox: we sent a message to this address. You can now log in with your password."
    }

    /// Creates a client account. The answer is the same whether or not the address already has an
    /// account (no enumeration, OWASP): then the owner is told by e-mail instead. The password is
    /// hashed in both cases so that timing tells nothing either.
    func register(_ request: Request, context: ServiceRequestContext) async throws -> Response {
        let input = try await request.decode(as: RegisterRequest.self, context: context)
        let errors = Validation.registration(input)
        guard errors.isEmpty else { throw AppError.invalid(errors) }
        let user = User(
            id: UUID(), email: input.email.trimmingCharacters(in: .whitespaces),
            passwordHash: try await passwords.hash(input.password),
            displayName: input.displayName.trimmingCharacters(in: .whitespaces), language: input.language ?? "fr",
            role: .client, createdAt: .now)
        do {
            try await users.create(user)
            context.logger.info("user registered", metadata: ["userId": "\(user.id)"])
        } catch is EmailTaken {
            try await users.reportRepeatedRegistration(email: user.email)
            context.logger.notice("registration with an existing address; owner notified")
        }
        return JSONBody.response(RegistrationAccepted(), status: .accepted)
    }

    func login(_ request: Request, context: ServiceRequestContext) async throws -> Response {
        let input = try await request.decode(as: LoginRequest.self, context: context)
        let device = SessionController.device(request, context)
        let account = LoginThrottle.accountKey(input.email)
        let address = LoginThrottle.addressKey(device.clientAddress)
        if let seconds = try await throttle.lockedFor([account] + [address].compactMap { $0 }, logger: context.logger) {
            throw AppError(
                .tooManyRequests, code: "login-locked", "Too many failed logins; try again later",
                headers: [.retryAfter: String(max(1, seconds))])
        }
        let user = try await users.find(email: input.email)
        guard try await passwords.verify(input.password, hash: user?.passwordHash), let user else {
            try await failed(account: account, address: address, user: user, context: context)
        }
        try await throttle.reset(account, logger: context.logger)
        let (session, refreshToken) = try await sessions.open(user: user.id, device: device, logger: context.logger)
        let token = try await issuer.issue(for: user, session: session)
        let useCookie = input.useCookie == true
        context.logger.info(
            "login", metadata: ["userId": "\(user.id)", "sessionId": "\(session)", "cookie": "\(useCookie)"])
        let body = LoginResponse(
            accessToken: token.accessToken, tokenType: token.tokenType, expiresIn: token.expiresIn,
            refreshToken: useCookie ? nil : refreshToken, user: UserResponse(user))
        return JSONBody.response(body, headers: useCookie ? cookies.issue(refreshToken: refreshToken) : [:])
    }

    /// Counts the failure, tells the owner when it locked the account, waits the progressive delay.
    private func failed(account: String, address: String?, user: User?, context: ServiceRequestContext) async throws
        -> Never
    {
        let failure = try await throttle.recordFailure(account: account, address: address, logger: context.logger)
        context.logger.notice("login failed", metadata: ["failures": "\(failure.accountFailures)"])
        if failure.accountLocked, let user {
            try await users.recordLock(user, until: .now.addingTimeInterval(throttle.policy.lockDuration))
            context.logger.warning(
                "security: account locked", metadata: ["securityEvent": "account_locked", "userId": "\(user.id)"])
        }
        try await Task.sleep(for: throttle.policy.delay(afterFailures: failure.accountFailures))
        throw AppError(.unauthorized, code: "invalid-credentials", "E-mail address or password is incorrect")
    }

    struct VerifyRequest: Decodable {
        var token: String
    }

    /// Confirms an e-mail address with the token of the welcome e-mail's link.
    func verifyEmail(_ request: Request, context: ServiceRequestContext) async throws -> Response {
        let input = try await request.decode(as: VerifyRequest.self, context: context)
        guard (20...200).contains(input.token.count), try await users.verifyEmail(token: input.token) else {
            throw AppError(
                .unprocessableContent, code: "invalid-verification-token",
                "This verification link is invalid or expired")
        }
        return Response(status: .noContent)
    }

    struct RoleRequest: Decodable {
        var role: String
    }

    /// Changes a user's role (users:manage; admin roles need roles:manage). Takes effect at the
    /// user's next token refresh at the latest.
    func changeRole(_ request: Request, context: ServiceRequestContext) async throws -> UserResponse {
        let actor = try context.require("users:manage")
        let id = try context.parameters.require("id", as: UUID.self)
        let input = try await request.decode(as: RoleRequest.self, context: context)
        guard let role = Role(rawValue: input.role) else {
            throw AppError.invalid("role", "must be one of super_admin, admin, moderator, client")
        }
        let user = try await users.changeRole(of: id, to: role, by: actor)
        context.logger.notice("role changed", metadata: ["userId": "\(id)", "role": "\(role.rawValue)"])
        return UserResponse(user)
    }

    /// Lifts a login lock (users:manage).
    func unlock(_ request: Request, context: ServiceRequestContext) async throws -> Response {
        _ = try context.require("users:manage")
        guard let user = try await users.find(id: try context.parameters.require("id", as: UUID.self)) else {
            throw AppError.notFound("User")
        }
        try await throttle.reset(LoginThrottle.accountKey(user.email), logger: context.logger)
        context.logger.notice("account unlocked", metadata: ["userId": "\(user.id)"])
        return Response(status: .noContent)
    }

    func me(_ request: Request, context: ServiceRequestContext) async throws -> UserResponse {
        let identity = try context.requireIdentity()
        guard let user = try await users.find(id: identity.userID) else { throw AppError.notFound("User") }
        return UserResponse(user, emailVerified: try await users.isEmailVerified(user.id))
    }

    func list(_ request: Request, context: ServiceRequestContext) async throws -> Page<UserResponse> {
        _ = try context.require("users:manage")
        let page = try await users.list(page: PageRequest(request: request))
        return Page(items: page.items.map { UserResponse($0) }, nextCursor: page.nextCursor)
    }
}

enum Validation {
    static func registration(_ input: AccountController.RegisterRequest) -> [Problem.FieldError] {
        var errors: [Problem.FieldError] = []
        let email = input.email.trimmingCharacters(in: .whitespaces)
        let parts = email.split(separator: "@", omittingEmptySubsequences: false)
        if email.count > 254 || parts.count != 2 || parts[0].isEmpty || !parts[1].contains(".") {
            errors.append(.init(field: "email", message: "must be a valid e-mail address"))
        }
        let name = input.displayName.trimmingCharacters(in: .whitespaces)
        if name.isEmpty || name.count > 100 {
            errors.append(.init(field: "displayName", message: "must have 1 to 100 characters"))
        }
        if let language = input.language, !["fr", "en"].contains(language) {
            errors.append(.init(field: "language", message: "must be fr or en"))
        }
        return errors + PasswordPolicy.problems(input.password)
    }
}
