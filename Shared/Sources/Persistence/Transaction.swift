import Logging
import PostgresNIO

extension PostgresClient {
    /// `withTransaction`, but errors come out as thrown: postgres-nio wraps them in
    /// `PostgresTransactionError`, which would hide a domain error (404, 409, 422) or a
    /// constraint violation from the code that maps it. The closure runs with fresh
    /// `TransactionHooks.current`, whose actions run after the commit (or the rollback).
    public func transaction<Result>(
        logger: Logger, isolation: isolated (any Actor)? = #isolation,
        _ closure: (PostgresConnection) async throws -> sending Result
    ) async throws -> sending Result {
        let hooks = TransactionHooks()
        do {
            // `withTransaction` returns the closure's result as `sending`; `withValue` only drops
            // that annotation from its signature, the value stays disconnected.
            nonisolated(unsafe) let result = try await TransactionHooks.$current.withValue(hooks) {
                try await withTransaction(logger: logger, isolation: isolation, closure)
            }
            hooks.finish(committed: true)
            return result
        } catch {
            hooks.finish(committed: false)
            guard let error = error as? PostgresTransactionError else { throw error }
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
