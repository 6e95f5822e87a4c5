import Foundation
import Testing

@testable import Gateway

/// The lease table on its own: what a replica may spend without asking Redis.
@Suite("gateway rate-limit leases")
struct TokenLeasesTests {
    let limit = RateLimit("1000/60")!

    func decision(remaining: Int) -> RateLimiter.Decision {
        RateLimiter.Decision(allowed: true, limit: limit, remaining: remaining, retryAfter: 0, reset: 3)
    }

    @Test("small buckets are never leased; large ones a fiftieth of their capacity, at most 64")
    func sizes() {
        #expect(TokenLeases.size(for: RateLimit("10/60")!) == 1)
        #expect(TokenLeases.size(for: RateLimit("99/60")!) == 1)
        #expect(TokenLeases.size(for: RateLimit("300/60")!) == 6)
        #expect(TokenLeases.size(for: RateLimit("1000/60")!) == 20)
        #expect(TokenLeases.size(for: RateLimit("1000000000/1")!) == 64)
    }

    @Test("a grant is spent one call at a time, counting down what the shared bucket had left")
    func spendsTheGrant() {
        let leases = TokenLeases()
        let now = ContinuousClock.now
        #expect(leases.spend("a", limit: limit, now: now)?.remaining == nil)
        let first = leases.keep("a", granted: 4, decision: decision(remaining: 96), now: now)
        #expect(first.remaining == 99, "the asking call spent one of four: 3 here, 96 in Redis")
        var remaining: [Int] = []
        while let next = leases.spend("a", limit: limit, now: now) { remaining.append(next.remaining) }
        #expect(remaining == [98, 97, 96])
        #expect(leases.spend("b", limit: limit, now: now)?.remaining == nil, "leases are per bucket pair")
    }

    @Test("an expired lease is not spent, and a grant of one token keeps nothing")
    func expiresAndSingleGrants() {
        let leases = TokenLeases(lifetime: .seconds(1))
        let now = ContinuousClock.now
        _ = leases.keep("a", granted: 5, decision: decision(remaining: 10), now: now)
        #expect(leases.spend("a", limit: limit, now: now + .milliseconds(999))?.remaining != nil)
        #expect(leases.spend("a", limit: limit, now: now + .seconds(1))?.remaining == nil)
        let single = leases.keep("c", granted: 1, decision: decision(remaining: 7), now: now)
        #expect(single.remaining == 7)
        #expect(leases.spend("c", limit: limit, now: now)?.remaining == nil)
    }

    @Test("a new grant adds to what is left of a live lease; spent and expired leases are pruned")
    func mergesAndPrunes() {
        let leases = TokenLeases(lifetime: .seconds(1), pruneAbove: 2)
        let now = ContinuousClock.now
        _ = leases.keep("a", granted: 3, decision: decision(remaining: 50), now: now)
        let merged = leases.keep("a", granted: 3, decision: decision(remaining: 47), now: now)
        #expect(merged.remaining == 51, "2 left of the first grant, 2 of the second, 47 in Redis")
        _ = leases.keep("b", granted: 2, decision: decision(remaining: 5), now: now)
        _ = leases.keep("c", granted: 2, decision: decision(remaining: 5), now: now)
        #expect(leases.count == 3)
        _ = leases.keep("d", granted: 2, decision: decision(remaining: 5), now: now + .seconds(2))
        #expect(leases.count == 1, "the three expired leases went when the table grew")
    }
}
