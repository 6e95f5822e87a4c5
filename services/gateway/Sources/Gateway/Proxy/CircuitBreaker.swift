import Foundation
import Synchronization

/// One breaker per upstream. Closed: calls pass; `failures` consecutive failures (no connection,
/// timeout, 502/503/504 from the upstream) open it. Open: calls are refused at once (503 with
/// `Retry-After`) for `openFor`. Then half-open: a single trial call passes; success closes the
/// breaker, failure opens it again.
final class CircuitBreaker: Sendable {
    struct Settings: Sendable {
        var failures: Int
        var openFor: Duration
    }

    enum State: Sendable, Equatable {
        case closed(failures: Int)
        case open(until: ContinuousClock.Instant)
        case halfOpen(trialRunning: Bool)
    }

    /// What the caller may do now.
    enum Permit: Sendable, Equatable {
        case allowed
        case refused(retryAfter: Duration)
    }

    let settings: Settings
    private let state = Mutex<State>(.closed(failures: 0))

    init(settings: Settings) { self.settings = settings }

    var current: State { state.withLock { $0 } }

    func permit(now: ContinuousClock.Instant = .now) -> Permit {
        state.withLock { state in
            switch state {
            case .closed: return .allowed
            case .open(let until) where now < until: return .refused(retryAfter: until - now)
            case .open, .halfOpen(trialRunning: false):
                state = .halfOpen(trialRunning: true)
                return .allowed
            case .halfOpen(trialRunning: true): return .refused(retryAfter: .seconds(1))
            }
        }
    }

    func recordSuccess() {
        state.withLock { $0 = .closed(failures: 0) }
    }

    /// Returns true when this failure opened the breaker.
    @discardableResult
    func recordFailure(now: ContinuousClock.Instant = .now) -> Bool {
        state.withLock { state in
            switch state {
            case .closed(let failures) where failures + 1 < settings.failures:
                state = .closed(failures: failures + 1)
                return false
            case .open:
                return false
            default:
                state = .open(until: now + settings.openFor)
                return true
            }
        }
    }
}
