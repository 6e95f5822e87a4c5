import ServiceLifecycle
import Synchronization

/// Opens once the schema is migrated; background services wait on it before touching tables.
public final class StartGate: Sendable {
    private let state = Mutex<(open: Bool, waiters: [CheckedContinuation<Void, Never>])>((false, []))

    public init() {}

    public var isOpen: Bool { state.withLock { $0.open } }

    public func open() {
        let waiters = state.withLock { state in
            state.open = true
            defer { state.waiters = [] }
            return state.waiters
        }
        for waiter in waiters { waiter.resume() }
    }

    public func wait() async {
        await withCheckedContinuation { continuation in
            let resumeNow = state.withLock { state in
                if state.open { return true }
                state.waiters.append(continuation)
                return false
            }
            if resumeNow { continuation.resume() }
        }
    }
}

/// Runs a service only after the gate opened (or returns if shutdown comes first).
struct GatedService: Service {
    let inner: any Service
    let gate: StartGate

    func run() async throws {
        await gate.wait()
        try await inner.run()
    }
}
