import Foundation
import Hummingbird
import ServiceKit

/// `POST /password-reset` (ask for a link) and `POST /password-reset/confirm` (use it).
struct PasswordResetController: Sendable {
    let users: PostgresUserRepository
    let reset: PasswordReset
    let passwords: PasswordHasher

    func addRoutes(to router: Router<ServiceRequestContext>) {
        router.post("/password-reset", use: request)
        router.post("/password-reset/confirm", use: confirm)
    }

    struct ResetRequest: Decodable {
        var email: String
    }

    struct Accepted: ResponseCodable {
        var message: String
    }

    struct ConfirmRequest: Decodable {
        var token: String
        var newPassword: String
    }

    /// The same 202 whatever the address; the work for a known account (one insert) is small
    /// next to the request itself, so timing does not tell either.
    func request(_ request: Request, context: ServiceRequestContext) async throws -> Response {
        let input = try await request.decode(as: ResetRequest.self, context: context)
        guard input.email.count <= 254 else { throw AppError.invalid("email", "must be a valid e-mail address") }
        try await reset.request(for: try await users.find(email: input.email))
        return JSONBody.response(
            Accepted(message: "If an account uses this address, a reset link is on its way."), status: .accepted)
    }

    func confirm(_ request: Request, context: ServiceRequestContext) async throws -> Response {
        let input = try await request.decode(as: ConfirmRequest.self, context: context)
        let problems = PasswordPolicy.problems(input.newPassword).map {
            Problem.FieldError(field: "newPassword", message: $0.message)
        }
        guard problems.isEmpty else { throw AppError.invalid(problems) }
        guard (20...200).contains(input.token.count) else {
            throw AppError(.unprocessableContent, code: "invalid-reset-token", "This reset link is invalid or expired")
        }
        try await reset.complete(token: input.token, newHash: try await passwords.hash(input.newPassword))
        context.logger.notice("password reset", metadata: ["securityEvent": "password_reset"])
        return Response(status: .noContent)
    }
}
