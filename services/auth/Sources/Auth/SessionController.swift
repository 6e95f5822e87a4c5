import AuthKit
import Foundation
import HTTPTypes
import Hummingbird
import ServiceKit

/// Staying logged in (refresh), logging out, and managing one's sessions.
struct SessionController: Sendable {
    let users: PostgresUserRepository
    let issuer: TokenIssuer
    let sessions: SessionStore
    let cookies: CookieSession

    func addRoutes(to router: Router<ServiceRequestContext>) {
        router.post("/refresh", use: refresh)
        router.post("/logout", use: logout)
        router.post("/logout-all", use: logoutAll)
        router.get("/sessions", use: list)
        router.delete("/sessions/:id", use: revoke)
        router.get("/users/:id/sessions", use: userSessions)
        router.delete("/users/:id/sessions", use: revokeUserSessions)
        router.delete("/users/:id/sessions/:sid", use: revokeUserSession)
    }

    /// `{"refreshToken": …}`, or `{}` for a browser session, whose token is in its cookie.
    struct RefreshRequest: Decodable {
        var refreshToken: String?
    }

    struct TokenPair: ResponseCodable {
        var accessToken: String
        var tokenType: String
        var expiresIn: Int
        /// Absent for a cookie session: the new token is in the new cookie.
        var refreshToken: String?
    }

    static let invalid = AppError(
        .unauthorized, code: "invalid-refresh-token", "The refresh token is not valid; log in again")

    func refresh(_ request: Request, context: ServiceRequestContext) async throws -> Response {
        let input = try await request.decode(as: RefreshRequest.self, context: context)
        let cookie = SessionCookies.cookies(request.headers)[SessionCookies.refresh]
        let fromCookie = input.refreshToken == nil
        guard let presented = input.refreshToken ?? cookie else {
            throw AppError.invalid("refreshToken", "is required (or the hs_refresh cookie of a browser session)")
        }
        if fromCookie { try SessionCookies.enforceCSRF(request) }
        guard (20...200).contains(presented.count) else { throw Self.invalid }
        switch try await sessions.rotate(presented, logger: context.logger) {
        case .invalid:
            throw Self.invalid
        case .reused(let user, let session):
            context.logger.warning(
                "security: refresh token reused, session revoked",
                metadata: ["securityEvent": "refresh_token_reuse", "userId": "\(user)", "sessionId": "\(session)"])
            throw Self.invalid
        case .rotated(let userID, let session, let refreshToken):
            // The user is read again: a role changed since login takes effect now.
            guard let user = try await users.find(id: userID) else { throw Self.invalid }
            let token = try await issuer.issue(for: user, session: session)
            let pair = TokenPair(
                accessToken: token.accessToken, tokenType: token.tokenType, expiresIn: token.expiresIn,
                refreshToken: fromCookie ? nil : refreshToken)
            return JSONBody.response(pair, headers: fromCookie ? cookies.issue(refreshToken: refreshToken) : [:])
        }
    }

    func logout(_ request: Request, context: ServiceRequestContext) async throws -> Response {
        let identity = try context.requireIdentity()
        if let session = identity.sessionID {
            _ = try await sessions.revoke(
                session: session, of: identity.userID, reason: "logout", logger: context.logger)
        }
        let hadCookies = SessionCookies.cookies(request.headers)[SessionCookies.refresh] != nil
        return Response(status: .noContent, headers: hadCookies ? cookies.clear() : [:])
    }

    struct LoggedOut: ResponseCodable {
        var revokedSessions: Int
    }

    func logoutAll(_ request: Request, context: ServiceRequestContext) async throws -> LoggedOut {
        let identity = try context.requireIdentity()
        let count = try await sessions.revokeAll(of: identity.userID, reason: "logout-all", logger: context.logger)
        context.logger.notice("logged out everywhere", metadata: ["sessions": "\(count)"])
        return LoggedOut(revokedSessions: count)
    }

    func list(_ request: Request, context: ServiceRequestContext) async throws -> Page<Session> {
        let identity = try context.requireIdentity()
        let items = try await sessions.list(user: identity.userID, current: identity.sessionID, logger: context.logger)
        return Page(items: items, nextCursor: nil)
    }

    func revoke(_ request: Request, context: ServiceRequestContext) async throws -> Response {
        let identity = try context.requireIdentity()
        let id = try context.parameters.require("id", as: UUID.self)
        guard try await sessions.revoke(session: id, of: identity.userID, reason: "revoked", logger: context.logger)
        else {
            throw AppError.notFound("Session")
        }
        return Response(status: .noContent)
    }

    /// A user's active session as staff see it (`GET /sessions` without `current`).
    struct StaffSession: Codable, Sendable {
        var id: UUID
        var createdAt: Date
        var lastUsedAt: Date
        var expiresAt: Date
        var userAgent: String?
        var clientAddress: String?
    }

    /// The user a staff member acts on (users:manage); revoking the sessions of an admin or super
    /// admin also needs roles:manage, as changing their role does.
    private func target(_ context: ServiceRequestContext, revoking: Bool) async throws -> (Identity, User) {
        let actor = try context.require("users:manage")
        guard let user = try await users.find(id: try context.parameters.require("id", as: UUID.self)) else {
            throw AppError.notFound("User")
        }
        if revoking, [.admin, .superAdmin].contains(user.role), !actor.has("roles:manage") {
            throw AppError.forbidden("Only a super admin can end the sessions of an admin or super admin")
        }
        return (actor, user)
    }

    func userSessions(_ request: Request, context: ServiceRequestContext) async throws -> Page<StaffSession> {
        let (_, user) = try await target(context, revoking: false)
        let items = try await sessions.list(user: user.id, current: nil, logger: context.logger).map {
            StaffSession(
                id: $0.id, createdAt: $0.createdAt, lastUsedAt: $0.lastUsedAt, expiresAt: $0.expiresAt,
                userAgent: $0.userAgent, clientAddress: $0.clientAddress)
        }
        return Page(items: items, nextCursor: nil)
    }

    /// Ends every session of a user (their refresh tokens stop working; access tokens already
    /// issued run out within their lifetime).
    func revokeUserSessions(_ request: Request, context: ServiceRequestContext) async throws -> Response {
        let (actor, user) = try await target(context, revoking: true)
        let count = try await sessions.revokeAll(of: user.id, reason: "revoked-by-staff", logger: context.logger)
        context.logger.notice(
            "security: sessions revoked by staff",
            metadata: [
                "securityEvent": "sessions_revoked", "userId": "\(user.id)", "by": "\(actor.userID)",
                "sessions": "\(count)",
            ])
        return Response(status: .noContent)
    }

    func revokeUserSession(_ request: Request, context: ServiceRequestContext) async throws -> Response {
        let (actor, user) = try await target(context, revoking: true)
        let id = try context.parameters.require("sid", as: UUID.self)
        guard try await sessions.revoke(session: id, of: user.id, reason: "revoked-by-staff", logger: context.logger)
        else {
            throw AppError.notFound("Session")
        }
        context.logger.notice(
            "security: session revoked by staff",
            metadata: [
                "securityEvent": "sessions_revoked", "userId": "\(user.id)", "by": "\(actor.userID)",
                "sessionId": "\(id)",
            ])
        return Response(status: .noContent)
    }

    /// What a session list shows of the device: its user agent and client address (the first
    /// `X-Forwarded-For` entry, set by the gateway; else the peer).
    static func device(_ request: Request, _ context: ServiceRequestContext) -> SessionStore.Device {
        .init(userAgent: request.headers[.userAgent], clientAddress: request.clientAddress(context))
    }
}
