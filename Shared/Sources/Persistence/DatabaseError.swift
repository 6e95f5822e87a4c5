import PostgresNIO

/// The SQLSTATE classes that a repository turns into domain errors.
public enum DatabaseConstraint: Sendable, Equatable {
    case unique(constraint: String?)
    case exclusion(constraint: String?)
    case foreignKey(constraint: String?)
    case check(constraint: String?)

    /// Classifies a PostgreSQL error; `nil` for anything that is not a constraint violation.
    public init?(_ error: any Error) {
        guard let error = error as? PSQLError, let state = error.serverInfo?[.sqlState] else { return nil }
        let constraint = error.serverInfo?[.constraintName]
        switch state {
        case "23505": self = .unique(constraint: constraint)
        case "23P01": self = .exclusion(constraint: constraint)
        case "23503": self = .foreignKey(constraint: constraint)
        case "23514": self = .check(constraint: constraint)
        default: return nil
        }
    }
}

extension PostgresClient {
    /// True when a trivial query succeeds: the readiness check of every service.
    public func isReachable() async -> Bool {
        do {
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask { try await self.query("SELECT 1") }
                group.addTask {
                    try await Task.sleep(for: .seconds(2))
                    throw CancellationError()
                }
                try await group.next()
                group.cancelAll()
            }
            return true
        } catch {
            return false
        }
    }
}
