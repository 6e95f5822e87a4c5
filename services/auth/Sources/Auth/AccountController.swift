import Foundation
import Hummingbird
import ServiceKit

/// Registration, login and the caller's own account.
struct AccountController: Sendable {
    let users: PostgresUserRepository
    let issuer: TokenIssuer
    let passwords: PasswordHasher
    let sessions: SessionStore

    func addRoutes(to router: Router<ServiceRequestContext>) {
        router.post("/register", use: register)
        router.post("/login", use: login)
        router.get("/me", use: me)
        router.get("/users", use: list)
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

        init(_ user: User) {
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
    }

    struct LoginResponse: ResponseCodable {
        var accessToken: String
        var tokenType: String
        var expiresIn: Int
        var refreshToken: String
        var user: UserResponse
    }

    func register(_ request: Request, context: ServiceRequestContext) async throws -> Response {
        let input = try await request.decode(as: RegisterRequest.self, context: context)
        let errors = Validation.registration(input)
        guard errors.isEmpty else { throw AppError.invalid(errors) }
        let user = User(
            id: UUID(), email: input.email.trimmingCharacters(in: .whitespaces),
            passwordHash: try await passwords.hash(input.password),
            displayName: input.displayName.trimmingCharacters(in: .whitespaces), language: input.language ?? "fr",
            role: .client, createdAt: .now)
        try await users.create(user)
        context.logger.info("user registered", metadata: ["userId": "\(user.id)"])
        return JSONBody.response(UserResponse(user), status: .created)
    }

    func login(_ request: Request, context: ServiceRequestContext) async throws -> LoginResponse {
        let input = try await request.decode(as: LoginRequest.self, context: context)
        let user = try await users.find(email: input.email)
        guard try await passwords.verify(input.password, hash: user?.passwordHash), let user else {
            context.logger.notice("login failed")
            throw AppError(.unauthorized, code: "invalid-credentials", "E-mail address or password is incorrect")
        }
        let (session, refreshToken) = try await sessions.open(
            user: user.id, device: SessionController.device(request, context), logger: context.logger)
        let token = try await issuer.issue(for: user, session: session)
        context.logger.info("login", metadata: ["userId": "\(user.id)", "sessionId": "\(session)"])
        return LoginResponse(
            accessToken: token.accessToken, tokenType: token.tokenType, expiresIn: token.expiresIn,
            refreshToken: refreshToken, user: UserResponse(user))
    }

    func me(_ request: Request, context: ServiceRequestContext) async throws -> UserResponse {
        let identity = try context.requireIdentity()
        guard let user = try await users.find(id: identity.userID) else { throw AppError.notFound("User") }
        return UserResponse(user)
    }

    func list(_ request: Request, context: ServiceRequestContext) async throws -> Page<UserResponse> {
        _ = try context.require("users:manage")
        let page = try await users.list(page: PageRequest(request: request))
        return Page(items: page.items.map(UserResponse.init), nextCursor: page.nextCursor)
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
