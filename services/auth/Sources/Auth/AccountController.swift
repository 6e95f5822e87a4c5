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
    let deviceCookie: DeviceCookie

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
        /// When the account's last login lock ends (`GET /users` only; absent when not locked).
        var lockedUntil: Date?

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
        /// The device token, for clients without a cookie jar (send it back in `X-Device-Token`);
        /// absent for a cookie session, whose browser keeps it in the HttpOnly `hs_device` cookie.
        var deviceToken: String?
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

    static func locked(_ seconds: Int) -> AppError {
        AppError(
            .tooManyRequests, code: "login-locked", "Too many failed logins; try again later",
            headers: [.retryAfter: String(max(1, seconds))])
    }

    /// Logs in. A client with a valid device token for this account (see `DeviceCookie`) is
    /// throttled by its own failures only; any other client by its (account, address) pair and by
    /// the account's failures from untrusted clients (see `LoginThrottle`).
    func login(_ request: Request, context: ServiceRequestContext) async throws -> Response {
        let input = try await request.decode(as: LoginRequest.self, context: context)
        // No account has a longer address (registration refuses it); keeps the keys bounded.
        guard input.email.utf8.count <= 254 else { throw AppError.invalid("email", "must be a valid e-mail address") }
        let device = SessionController.device(request, context)
        let login = LoginThrottle.login(input.email)
        var trusted = DeviceCookie.presented(request.headers).flatMap { deviceCookie.verify($0, login: login) }
        if let known = trusted,
            try await throttle.lockedFor([LoginThrottle.deviceKey(known)], logger: context.logger) != nil
        {
            trusted = nil  // a device token that failed too often counts as no token until its lock ends
        }
        if trusted == nil,
            let seconds = try await throttle.lockedFor(
                [LoginThrottle.pairKey(login, device.clientAddress), LoginThrottle.accountKey(login)],
                logger: context.logger)
        {
            throw Self.locked(seconds)
        }
        let user = try await users.find(email: input.email)
        guard try await passwords.verify(input.password, hash: user?.passwordHash), let user else {
            try await failed(login: login, address: device.clientAddress, device: trusted, user: user, context: context)
        }
        let clientKey = trusted.map(LoginThrottle.deviceKey) ?? LoginThrottle.pairKey(login, device.clientAddress)
        try await throttle.reset(clientKey, logger: context.logger)
        let (session, refreshToken) = try await sessions.open(user: user.id, device: device, logger: context.logger)
        let token = try await issuer.issue(for: user, session: session)
        let useCookie = input.useCookie == true
        context.logger.info(
            "login",
            metadata: [
                "userId": "\(user.id)", "sessionId": "\(session)", "cookie": "\(useCookie)",
                "knownDevice": "\(trusted != nil)",
            ])
        let deviceToken = deviceCookie.issue(login: login)
        let body = LoginResponse(
            accessToken: token.accessToken, tokenType: token.tokenType, expiresIn: token.expiresIn,
            refreshToken: useCookie ? nil : refreshToken, deviceToken: useCookie ? nil : deviceToken,
            user: UserResponse(user))
        var headers = useCookie ? cookies.issue(refreshToken: refreshToken) : [:]
        headers.append(deviceCookie.setCookie(deviceToken))
        return JSONBody.response(body, headers: headers)
    }

    /// Counts the failure, tells the owner when it locked the account, waits the progressive delay.
    private func failed(
        login: String, address: String?, device: DeviceCookie.Device?, user: User?, context: ServiceRequestContext
    ) async throws -> Never {
        let failure =
            if let device {
                try await throttle.recordDeviceFailure(device, login: login, logger: context.logger)
            } else {
                try await throttle.recordFailure(login: login, address: address, logger: context.logger)
            }
        // A concurrent failure locked this client's key after the check above: refused as locked.
        guard failure.counted else { throw Self.locked(Int(throttle.policy.lockDuration)) }
        context.logger.notice("login failed", metadata: ["knownDevice": "\(device != nil)"])
        if failure.lockedAccount, let user {
            try await users.recordLock(user, until: .now.addingTimeInterval(throttle.policy.lockDuration))
            context.logger.warning(
                "security: account locked for untrusted clients",
                metadata: ["securityEvent": "account_locked", "userId": "\(user.id)"])
        }
        try await Task.sleep(for: failure.delay)
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

    /// Lifts every login lock and counter of an account: account-wide, per address, per device
    /// (users:manage).
    func unlock(_ request: Request, context: ServiceRequestContext) async throws -> Response {
        _ = try context.require("users:manage")
        guard let user = try await users.find(id: try context.parameters.require("id", as: UUID.self)) else {
            throw AppError.notFound("User")
        }
        try await throttle.unlock(login: LoginThrottle.login(user.email), logger: context.logger)
        context.logger.notice("account unlocked", metadata: ["userId": "\(user.id)"])
        return Response(status: .noContent)
    }

    func me(_ request: Request, context: ServiceRequestContext) async throws -> UserResponse {
        let identity = try context.requireIdentity()
        guard let user = try await users.find(id: identity.userID) else { throw AppError.notFound("User") }
        return UserResponse(user, emailVerified: try await users.isEmailVerified(user.id))
    }

    /// Accounts, optionally searched (`q`: a case-insensitive substring of the e-mail or display
    /// name) and of one `role`, each with its current login lock.
    func list(_ request: Request, context: ServiceRequestContext) async throws -> Page<UserResponse> {
        _ = try context.require("users:manage")
        var query = QueryCheck(request)
        let text = query.string("q")?.trimmingCharacters(in: .whitespaces)
        if let text, text.count > 200 { query.refuse("q", "must have at most 200 characters") }
        let role = query.oneOf("role", Role.allCases.map(\.rawValue)).flatMap(Role.init(rawValue:))
        let pageRequest: PageRequest
        do {
            pageRequest = try PageRequest(request: request)
        } catch let error as AppError {
            for field in error.errors ?? [] { query.refuse(field.field, field.message) }
            try query.finish()
            throw error
        }
        try query.finish()
        let page = try await users.list(page: pageRequest, text: text?.isEmpty == false ? text : nil, role: role)
        let locks = try await throttle.lockedUntil(
            logins: page.items.map { LoginThrottle.login($0.email) }, logger: context.logger)
        return Page(
            items: page.items.map { user in
                var item = UserResponse(user)
                item.lockedUntil = locks[LoginThrottle.login(user.email)]
                return item
            }, nextCursor: page.nextCursor)
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
