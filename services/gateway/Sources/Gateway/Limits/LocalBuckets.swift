import Foundation
import Synchronization

/// In-process token buckets (when Redis is not configured or unreachable): same arithmetic as
/// the Redis script. Full, idle buckets are dropped when the table grows, so a flood of client
/// addresses cannot grow it without bound.
final class LocalBuckets: Sendable {
    private struct Bucket {
        var tokens: Double
        var at: ContinuousClock.Instant
    }

    private let buckets = Mutex<[String: Bucket]>([:])
    private let pruneAbove: Int

    init(pruneAbove: Int = 100_000) { self.pruneAbove = pruneAbove }

    func take(keys: [String], limit: RateLimit, now: ContinuousClock.Instant = .now) -> RateLimiter.Decision {
        let capacity = Double(limit.capacity)
        let perSecond = capacity / Double(limit.seconds)
        return buckets.withLock { table in
            if table.count > pruneAbove { prune(&table, now: now, perSecond: perSecond, capacity: capacity) }
            var levels: [Double] = []
            for key in keys {
                let bucket = table[key] ?? Bucket(tokens: capacity, at: now)
                levels.append(min(capacity, bucket.tokens + (now - bucket.at) / .seconds(1) * perSecond))
            }
            var lowest = levels.min() ?? capacity
            let allowed = lowest >= 1
            for (key, level) in zip(keys, levels) {
                table[key] = Bucket(tokens: allowed ? level - 1 : level, at: now)
            }
            if allowed { lowest -= 1 }
            return RateLimiter.Decision(
                allowed: allowed, limit: limit, remaining: Int(lowest.rounded(.down)),
                retryAfter: allowed ? 0 : Int(((1 - lowest) / perSecond).rounded(.up)),
                reset: Int(((capacity - lowest) / perSecond).rounded(.up)))
        }
    }

    private func prune(
        _ table: inout [String: Bucket], now: ContinuousClock.Instant, perSecond: Double, capacity: Double
    ) {
        table = table.filter { _, bucket in bucket.tokens + (now - bucket.at) / .seconds(1) * perSecond < capacity }
    }
}
