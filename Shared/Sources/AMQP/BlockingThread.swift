import Foundation
import Synchronization

/// A dedicated OS thread that runs submitted closures one after another.
///
/// rabbitmq-c calls block and their connection must stay on one thread, so they never run on
/// Swift's cooperative pool (two blocked tasks would starve it on a 2-core machine).
final class BlockingThread: Sendable {
    private let jobs = Mutex<[@Sendable () -> Void]>([])
    private let signal = DispatchSemaphore(value: 0)

    init(name: String) {
        let thread = Thread { [self] in
            while true {
                signal.wait()
                let job = jobs.withLock { $0.isEmpty ? nil : $0.removeFirst() }
                job?()
            }
        }
        thread.name = name
        thread.start()
    }

    func run<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            jobs.withLock { $0.append { continuation.resume(with: Result { try body() }) } }
            signal.signal()
        }
    }
}
