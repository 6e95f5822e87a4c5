import ServiceKit

/// A token bucket per provider (`notifications.rate.<channel>` messages per second, bursts of
/// the same size): the worker waits for a token before each send, so a provider's rate limit
/// is never exceeded by this replica. A channel without a positive rate is not limited.
struct RateLimiter: Sendable {
    private let buckets: [Channel: TokenBucket]

    init(rates: [Channel: Double]) {
        buckets = rates.filter { $0.value > 0 }.mapValues { TokenBucket(rate: $0) }
    }

    /// Takes a token, waiting as long as needed.
    func acquire(_ channel: Channel) async {
        await buckets[channel]?.acquire()
    }
}
