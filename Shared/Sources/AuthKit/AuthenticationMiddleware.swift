import HTTPTypes
import Hummingbird
import ServiceKit

/// Reads `Authorization: Bearer …`, verifies the token and puts the caller's identity on the
/// context. A request without a token passes on anonymous (routes decide); a bad token is a 401.
public struct AuthenticationMiddleware: RouterMiddleware {
    public typealias Context = ServiceRequestContext
    let verifier: TokenVerifier

    public init(verifier: TokenVerifier) { self.verifier = verifier }

    public func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        guard let token = Self.bearerToken(request.headers[.authorization]) else {
            return try await next(request, context)
        }
        var context = context
        let identity = try await verifier.verify(token)
        context.identity = identity
        context.logger[metadataKey: "userId"] = "\(identity.userID)"
        return try await next(request, context)
    }

    public static func bearerToken(_ header: String?) -> String? {
        guard let header, header.count > 7, header.lowercased().hasPrefix("bearer ") else { return nil }
        return String(header.dropFirst(7)).trimmingCharacters(in: .whitespaces)
    }
}

extension ServiceRequestContext {
    /// The caller's identity if it holds `permission`; otherwise 401 (anonymous) or 403.
    public func require(_ permission: String) throws -> Identity {
        let identity = try requireIdentity()
        guard identity.has(permission) else {
            throw AppError.forbidden("This action needs the permission \(permission)")
        }
        return identity
    }
}
