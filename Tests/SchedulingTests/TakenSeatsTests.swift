import Foundation
import Testing

@testable import Scheduling

/// The seats known taken, which refuse holds without a transaction: what is learnt, what empties
/// them, and which reads are not learnt from.
@Suite("scheduling: seats known taken")
struct TakenSeatsTests {
    let screening = UUID()
    let a = UUID()
    let b = UUID()
    let c = UUID()

    @Test("a read is learnt and added to; a change that only takes seats keeps the set; one that may free empties it")
    func learntUntilFreed() {
        let taken = TakenSeats()
        #expect(!taken.refuses(screening, [a]))
        taken.note(screening, taken: [a], readSince: taken.version(screening))
        taken.note(screening, taken: [b], readSince: taken.version(screening))
        #expect(taken.refuses(screening, [a, c]) && taken.refuses(screening, [b]))
        #expect(!taken.refuses(screening, [c]) && !taken.refuses(UUID(), [a]))
        taken.freeing(screening, untilEnded: true)
        #expect(!taken.refuses(screening, [a]) && !taken.refuses(screening, [b]))
    }

    @Test("no read is learnt while a freeing change of this replica runs, nor one that started before it ended")
    func readsOverlappingAFreeingChange() {
        let taken = TakenSeats()
        let before = taken.version(screening)
        taken.freeing(screening, untilEnded: true)
        taken.note(screening, taken: [a], readSince: before)
        taken.note(screening, taken: [a], readSince: taken.version(screening))  // the change is not committed yet
        #expect(!taken.refuses(screening, [a]))
        let during = taken.version(screening)
        taken.ended(screening)
        taken.note(screening, taken: [a], readSince: during)
        #expect(!taken.refuses(screening, [a]))
        taken.note(screening, taken: [a], readSince: taken.version(screening))
        #expect(taken.refuses(screening, [a]))
    }

    @Test("two freeing changes: reads are learnt again only once both have ended")
    func twoFreeingChanges() {
        let taken = TakenSeats()
        taken.freeing(screening, untilEnded: true)
        taken.freeing(screening, untilEnded: true)
        taken.ended(screening)
        taken.note(screening, taken: [a], readSince: taken.version(screening))
        #expect(!taken.refuses(screening, [a]))
        taken.ended(screening)
        taken.note(screening, taken: [a], readSince: taken.version(screening))
        #expect(taken.refuses(screening, [a]))
    }

    @Test("another replica's change, a resync and maxAge empty the set")
    func elsewhereAndAge() async throws {
        let taken = TakenSeats(maxAge: .milliseconds(200))
        let other = UUID()
        taken.note(screening, taken: [a], readSince: taken.version(screening))
        taken.note(other, taken: [b], readSince: taken.version(other))
        let before = taken.version(screening)
        taken.changedElsewhere(screening.uuidString.lowercased())
        #expect(!taken.refuses(screening, [a]) && taken.refuses(other, [b]))
        taken.note(screening, taken: [a], readSince: before)
        #expect(!taken.refuses(screening, [a]))
        taken.changedElsewhere(nil)
        #expect(!taken.refuses(other, [b]))
        taken.note(screening, taken: [c], readSince: taken.version(screening))
        #expect(taken.refuses(screening, [c]))
        try await Task.sleep(for: .milliseconds(250))
        #expect(!taken.refuses(screening, [c]))
    }

    @Test("at most maxScreenings sets are kept, the oldest goes first")
    func bounded() {
        let taken = TakenSeats(maxScreenings: 2)
        let screenings = [UUID(), UUID(), UUID()]
        for screening in screenings { taken.note(screening, taken: [a], readSince: taken.version(screening)) }
        #expect(!taken.refuses(screenings[0], [a]))
        #expect(taken.refuses(screenings[1], [a]) && taken.refuses(screenings[2], [a]))
    }
}
