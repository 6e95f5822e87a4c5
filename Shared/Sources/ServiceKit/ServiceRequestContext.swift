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
    /// The login session the token was issued for (absent in tokens without a session).
    public var sessionID: UUID?

    public init(userID: UUID, email: String, role: String, permissions: Set<String>, sessionID: UUID? = nil) {
        self.userID = userID
        self.email = email
        self.role = role
        self.permissions = permissions
        self.sessionID = sessionID
    }

    public func has(_ permission: String) -> Bool { permissions.contains(permission) }
}

/// The request context of every service: Hummingbird's core storage plus the caller's identity.
public struct ServiceRequestContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    public var identity: Identity?
    /// The peer's IP address (the gateway, for services behind it).
    public let peerAddress: String?

    public init(source: ApplicationRequestContextSource) {
        self.coreContext = .init(source: source)
        self.identity = nil
        self.peerAddress = source.channel.remoteAddress?.ipAddress
    }

    /// The caller's identity, or a 401 problem.
    public func requireIdentity() throws -> Identity {
        guard let identity else { throw AppError.unauthorized() }
        return identity
    }

    /// Bodies above 1 MiB are refused: nothing in the API needs more.
    public var maxUploadSize: Int { 1 << 20 }

    /// Strict JSON bodies: unknown fields, missing ones and wrong types are all reported at once
    /// as one 422 problem (`StrictJSONDecoder`).
    public var requestDecoder: StrictRequestDecoder { StrictRequestDecoder() }
}
