/// The roles of the platform and the named permissions each one grants.
enum Role: String, Codable, Sendable, CaseIterable {
    case superAdmin = "super_admin"
    case admin
    case moderator
    case client

    var permissions: [String] {
        switch self {
        case .client: Self.clientPermissions
        case .moderator: Self.clientPermissions + Self.moderatorPermissions
        case .admin: Self.clientPermissions + Self.moderatorPermissions + Self.adminPermissions
        case .superAdmin:
            Self.clientPermissions + Self.moderatorPermissions + Self.adminPermissions + [
                "roles:manage", "keys:manage",
            ]
        }
    }

    static let clientPermissions = ["bookings:own", "profile:own"]
    static let moderatorPermissions = ["films:write", "screenings:write", "templates:write", "dashboard:own"]
    static let adminPermissions = [
        "cinemas:write", "bookings:manage", "payments:refund", "reports:read", "users:manage", "promotions:write",
        "alerts:manage", "operations:manage",
    ]
}
