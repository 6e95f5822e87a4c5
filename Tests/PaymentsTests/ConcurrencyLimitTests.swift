import Foundation
import Testing

@testable import Payments

/// A replica's calls to a provider are limited (`payments.provider.concurrency`), in order, with a
/// bounded wait (issue 20).
@Suite("provider concurrency limit")
struct ConcurrencyLimitTests {
    actor Peak {
        var now = 0
        var peak = 0
        func enter() {
            now += 1
            peak = max(peak, now)
        }
        func leave() { now -= 1 }
    }

    @Test("never more than the limit in flight; every call runs")
    func limit() async throws {
        let gate = ConcurrencyLimit(limit: 3, maxWait: .seconds(10), provider: "test")
        let peak = Peak()
        let results = try await withThrowingTaskGroup(of: Int.self) { group in
            for index in 0..<20 {
                group.addTask {
                    try await gate.run(provider: "test") {
                        await peak.enter()
                        try await Task.sleep(for: .milliseconds(20))
                        await peak.leave()
                        return index
                    }
                }
            }
            return try await group.reduce(into: [Int]()) { $0.append($1) }
        }
        #expect(results.sorted() == Array(0..<20))
        #expect(await peak.peak == 3)
    }

    @Test("a call that waits too long gives up as provider unavailable; a failing call frees its slot")
    func boundedWait() async throws {
        let gate = ConcurrencyLimit(limit: 1, maxWait: .milliseconds(50), provider: "test")
        // The only slot is taken (and known to be) before the second call asks, and kept until released.
        let (entered, inside) = AsyncStream.makeStream(of: Void.self)
        let (released, release) = AsyncStream.makeStream(of: Void.self)
        let holder = Task {
            try await gate.run(provider: "test") {
                inside.yield()
                for await _ in released { break }
            }
        }
        for await _ in entered { break }
        await #expect(throws: ProviderUnavailable.self) {
            try await gate.run(provider: "test") { 1 }
        }
        release.yield()
        try await holder.value
        struct Boom: Error {}
        await #expect(throws: Boom.self) { try await gate.run(provider: "test") { throw Boom() } }
        #expect(try await gate.run(provider: "test") { 2 } == 2)
    }
}
