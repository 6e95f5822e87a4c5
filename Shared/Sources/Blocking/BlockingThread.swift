import Foundation
import Synchronization

/// A dedicated OS thread that runs submitted closures one after another.
///
/// rabbitmq-c and hiredis calls block and a connection must stay on one thread, so they never run on
/// Swift's cooperative pool (two blocked tasks would starve it on a 2-core machine).
public final class BlockingThread: Sendable {
    private enum Job {
        case run(@Sendable () -> Void)
        case stop
    }

    private let jobs = Mutex<[Job]>([])
    private let signal = DispatchSemaphore(value: 0)

    public init(name: String) {
        let thread = Thread { [self] in
            while true {
                signal.wait()
                switch jobs.withLock({ $0.isEmpty ? nil : $0.removeFirst() }) {
                case .run(let job): job()
                case .stop: return
                case nil: continue
                }
            }
        }
        thread.name = name
        thread.start()
    }

    public func run<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            enqueue(.run { continuation.resume(with: Result { try body() }) })
        }
    }

    /// True when a submitted job waits for the one running: a long job can yield the thread.
    public var hasWaitingJobs: Bool { jobs.withLock { !$0.isEmpty } }

    /// Runs `last` on the thread, then lets the thread end.
    public func stop(after last: @escaping @Sendable () -> Void) {
        enqueue(.run(last))
        enqueue(.stop)
    }

    private func enqueue(_ job: Job) {
        jobs.withLock { $0.append(job) }
        signal.signal()
    }
}
