import Logging
import PostgresNIO

extension PostgresClient {
    /// `withTransaction`, but errors come out as thrown: postgres-nio wraps them in
    /// `PostgresTransactionError`, which would hide a domain error (404, 409, 422) or a
    /// constraint violation from the code that maps it.
    public func transaction<Result>(
        logger: Logger, isolation: isolated (any Actor)? = #isolation,
        _ closure: (PostgresConnection) async throws -> sending Result
    ) async throws -> sending Result {
        do {
            return try await withTransaction(logger: logger, isolation: isolation, closure)
        } catch let error as PostgresTransactionError {
            throw error.closureError ?? error.commitError ?? error.beginError ?? error
        }
    }
}

extension AsyncSequence {
    /// The first element, or nil for an empty sequence: the one row of a `RETURNING` or a
    /// lookup by key (`rows.decode(T.self).firstElement()`).
    public func firstElement() async throws -> Element? {
        for try await element in self { return element }
        return nil
    }

    /// Every element, in order (a small result set).
    public func allElements() async throws -> [Element] {
        var elements: [Element] = []
        for try await element in self { elements.append(element) }
        return elements
    }
}
