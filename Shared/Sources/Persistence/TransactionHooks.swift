import Synchronization

/// Work that must wait for a transaction's outcome: waking this replica's outbox relay, telling the
/// other replicas that seats changed. `PostgresClient.transaction` makes one per transaction
/// (`current` inside its closure) and runs what was registered once the transaction has ended.
///
/// Why not a `NOTIFY` inside the transaction: PostgreSQL takes one cluster-wide lock from a
/// notifying transaction's pre-commit to the end of its commit (its fsync included), so every such
/// commit of every database waits for the others. A wake-up sent after the commit does not.
public final class TransactionHooks: Sendable {
    /// The hooks of the transaction whose closure is running on this task, if any. Code that finds
    /// none (a statement outside `PostgresClient.transaction`) keeps the in-transaction way.
    @TaskLocal public static var current: TransactionHooks?

    private let actions = Mutex<[@Sendable (_ committed: Bool) -> Void]>([])

    public init() {}

    /// Runs `action` once the transaction has ended: `committed` is false after a rollback or an
    /// error, including a failed `COMMIT` (whose outcome is unknown to the client).
    public func onEnd(_ action: @escaping @Sendable (_ committed: Bool) -> Void) {
        actions.withLock { $0.append(action) }
    }

    /// Runs `action` after a successful commit only.
    public func afterCommit(_ action: @escaping @Sendable () -> Void) {
        onEnd { committed in if committed { action() } }
    }

    /// Runs the registered actions once, in registration order.
    public func finish(committed: Bool) {
        let registered = actions.withLock { actions in
            defer { actions.removeAll() }
            return actions
        }
        for action in registered { action(committed) }
    }
}
