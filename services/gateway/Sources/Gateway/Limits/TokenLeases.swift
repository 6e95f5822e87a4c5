import Foundation
import Synchronization

/// Tokens a replica took from the shared Redis buckets ahead of need, spent without a Redis round
/// trip (Envoy's global rate limit makes the same trade with its quota-based batching).
///
/// A call that finds no lease asks Redis for `size(for:)` tokens at once (from every bucket of the
/// call: client address and user); it spends one, the rest wait here for the same buckets' next
/// calls. Tokens are taken from Redis before they are spent, so the replicas together never admit
/// more than the shared buckets hold: no over-admission. What a lease can cost is under-admission:
/// tokens leased and not spent before the lease expires (`lifetime`) are lost, at most one lease
/// per bucket pair per replica per lifetime. Small buckets (below `minimumCapacity`) are never
/// leased: every call asks Redis, as they need exact counts (a login rule of 10 a minute).
final class TokenLeases: Sendable {
    struct Lease {
        /// Tokens left to spend here.
        var tokens: Int
        /// What Redis said was left in the tightest bucket when it granted the lease.
        var shared: Int
        var reset: Int
        var expires: ContinuousClock.Instant
    }

    /// Buckets below this capacity are not leased.
    static let minimumCapacity = 100
    /// At most this many tokens per lease.
    static let maximumSize = 64

    private let table = Mutex<[String: Lease]>([:])
    let lifetime: Duration
    private let pruneAbove: Int

    init(lifetime: Duration = .seconds(1), pruneAbove: Int = 10_000) {
        self.lifetime = lifetime
        self.pruneAbove = pruneAbove
    }

    /// Tokens to ask Redis for at once: 1 (no lease) for small buckets, else a fiftieth of the
    /// capacity, at most `maximumSize`.
    static func size(for limit: RateLimit) -> Int {
        guard limit.capacity >= minimumCapacity else { return 1 }
        return min(maximumSize, limit.capacity / 50)
    }

    /// One token from the lease of `key` (the call's buckets, joined), nil when there is none left.
    func spend(_ key: String, limit: RateLimit, now: ContinuousClock.Instant = .now) -> RateLimiter.Decision? {
        table.withLock { table in
            guard var lease = table[key], lease.tokens > 0, lease.expires > now else { return nil }
            lease.tokens -= 1
            table[key] = lease
            return RateLimiter.Decision(
                allowed: true, limit: limit, remaining: lease.shared + lease.tokens, retryAfter: 0, reset: lease.reset)
        }
    }

    /// Keeps the unspent part of a grant (`granted - 1`: the call that asked spends one) and says
    /// what that call answers.
    func keep(
        _ key: String, granted: Int, decision: RateLimiter.Decision, now: ContinuousClock.Instant = .now
    ) -> RateLimiter.Decision {
        guard granted > 1 else { return decision }
        return table.withLock { table in
            if table.count > pruneAbove { table = table.filter { $0.value.expires > now && $0.value.tokens > 0 } }
            var tokens = granted - 1
            if let earlier = table[key], earlier.expires > now { tokens += earlier.tokens }
            table[key] = Lease(
                tokens: tokens, shared: decision.remaining, reset: decision.reset, expires: now + lifetime)
            var answer = decision
            answer.remaining = decision.remaining + tokens
            return answer
        }
    }

    var count: Int { table.withLock { $0.count } }
}
