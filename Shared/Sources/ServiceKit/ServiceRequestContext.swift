import Foundation
import Hummingbird
import Logging
import NIOCore

/// Who is calling: filled by the authentication middleware from a verified access token.
public struct Identity: Sendable, Equatable {
    public var userID: UUID
    public var email: String
    public var role: String
    public var permissions: Set<String>

    public init(userID: UUID, email: String, role: String, permissions: Set<String>) {
        self.userID = userID
        self.email = email
        self.role = role
        self.permissions = permissions
    }

    public func has(_ permission: String) -> Bool { permissions.contains(permission) }
}

/// The request context of every service: Hummingbird's core storage plus the caller's identity.
public struct ServiceRequestContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    public var identity: Identity?

    public init(source: ApplicationRequestContextSource) {
        self.coreContext = .init(source: source)
        self.identity = nil
    }

    /// The caller's identity, or a 401 problem.
    public func requireIdentity() throws -> Identity {
        guard let identity else { throw AppError.unauthorized() }
        return identity
    }

    /// Bodies above 1 MiB are refused: nothing in the API needs more.
    public var maxUploadSize: Int { 1 << 20 }
}
