import Synchronization

/// How a background sending loop (the error reporter's, the span exporter's) waits for work:
/// `wait(until:)` returns at once when there is work or the task is cancelled, else when `wake()`
/// is called or the task is cancelled. The check and the suspension happen under one lock that
/// `wake` takes too, so neither a wake-up nor a cancellation that comes in between is missed.
final class LoopWakeup: Sendable {
    private let waiting = Mutex<CheckedContinuation<Void, Never>?>(nil)

    func wait(until hasWork: () -> Bool) async {
        await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                let now = waiting.withLock { waiting -> Bool in
                    if hasWork() || Task.isCancelled { return true }
                    waiting = continuation
                    return false
                }
                if now { continuation.resume() }
            }
        } onCancel: {
            wake()
        }
    }

    func wake() {
        let continuation = waiting.withLock { waiting in
            defer { waiting = nil }
            return waiting
        }
        continuation?.resume()
    }
}
