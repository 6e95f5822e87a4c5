import Foundation

/// A token bucket per provider (`notifications.rate.<channel>` messages per second, bursts of
/// the same size): the worker waits for a token before each send, so a provider's rate limit
/// is never exceeded by this replica.
actor RateLimiter {
    private var buckets: [Channel: (tokens: Double, updated: ContinuousClock.Instant)] = [:]
    private let rates: [Channel: Double]

    init(rates: [Channel: Double]) { self.rates = rates }

    /// Takes a token, waiting as long as needed.
    func acquire(_ channel: Channel) async {
        guard let rate = rates[channel], rate > 0 else { return }
        while true {
            let now = ContinuousClock.now
            var bucket = buckets[channel] ?? (rate, now)
            let elapsed = now - bucket.updated
            let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
            bucket.tokens = min(rate, bucket.tokens + seconds * rate)
            bucket.updated = now
            if bucket.tokens >= 1 {
                bucket.tokens -= 1
                buckets[channel] = bucket
                return
            }
            buckets[channel] = bucket
            try? await Task.sleep(for: .milliseconds(Int((1 - bucket.tokens) / rate * 1000) + 1))
        }
    }
}
