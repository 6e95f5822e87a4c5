import Foundation

/// A token bucket: `rate` tokens per second, bursts of at most one second's worth (at least one
/// token). `acquire()` takes a token, waiting as long as needed; callers use it to stay under an
/// outside provider's rate limit.
public actor TokenBucket {
    public let rate: Double
    private let capacity: Double
    private var tokens: Double
    private var updated = ContinuousClock.now

    public init(rate: Double) {
        self.rate = max(rate, 0.1)
        self.capacity = max(rate, 1)
        self.tokens = capacity
    }

    public func acquire() async {
        while true {
            let now = ContinuousClock.now
            let elapsed = now - updated
            let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
            tokens = min(capacity, tokens + seconds * rate)
            updated = now
            if tokens >= 1 {
                tokens -= 1
                return
            }
            try? await Task.sleep(for: .milliseconds(Int((1 - tokens) / rate * 1000) + 1))
        }
    }
}
