import Foundation
import Synchronization
import Testing

@testable import Scheduling

/// The seat-map snapshots in isolation: which reads reach the database (`load`) and which are
/// answered from memory. End to end (holds, the live stream, two replicas) they are exercised by
/// the booking tests, which read seat maps right after changing them.
@Suite("scheduling: seat-map snapshots")
struct SeatMapSnapshotsTests {
    /// A fake load that counts its calls and answers a seat map in the state given.
    final class Loads: Sendable {
        private let count = Mutex(0)
        var calls: Int { count.withLock { $0 } }

        func load(_ state: String) -> [SeatState] {
            count.withLock { $0 += 1 }
            return [
                SeatState(id: UUID(), row: "A", number: 1, rowIndex: 0, columnIndex: 0, kind: "standard", state: state)
            ]
        }
    }

    let screening = UUID()

    @Test("readers share one snapshot until it is older than maxAge")
    func sharedUntilMaxAge() async throws {
        let snapshots = SeatMapSnapshots(maxAge: .milliseconds(200))
        let loads = Loads()
        for _ in 0..<5 { _ = try await snapshots.seatMap(screening) { loads.load("free") } }
        #expect(loads.calls == 1)
        try await Task.sleep(for: .milliseconds(250))
        _ = try await snapshots.seatMap(screening) { loads.load("free") }
        #expect(loads.calls == 2)
    }

    @Test("a wanted seat held or sold is taken; free and blocked ones are not")
    func takenSeats() {
        let seats = ["free", "held", "sold", "blocked"].enumerated().map { index, state in
            SeatState(
                id: UUID(), row: "A", number: index + 1, rowIndex: 0, columnIndex: index, kind: "standard",
                state: state)
        }
        #expect(BookingRepository.takesTakenSeat(seats, [seats[1].id]))
        #expect(BookingRepository.takesTakenSeat(seats, [seats[0].id, seats[2].id]))
        #expect(!BookingRepository.takesTakenSeat(seats, [seats[0].id, seats[3].id, UUID()]))
    }

    @Test("a change announced here: the database answers until its notification arrives")
    func ownChangeReadsThrough() async throws {
        let snapshots = SeatMapSnapshots()
        let loads = Loads()
        _ = try await snapshots.seatMap(screening) { loads.load("free") }
        snapshots.changing(screening)
        let during = try await snapshots.seatMap(screening) { loads.load("held") }
        _ = try await snapshots.seatMap(screening) { loads.load("held") }
        #expect(during.first?.state == "held" && loads.calls == 3)
        snapshots.changed(screening.uuidString.lowercased())
        let after = try await snapshots.seatMap(screening) { loads.load("held") }
        _ = try await snapshots.seatMap(screening) { loads.load("sold") }
        #expect(after.first?.state == "held" && loads.calls == 4)
    }

    @Test("two changes announced here wait for two notifications; an unanswered one gives up after pendingLimit")
    func pendingCountsAndExpires() async throws {
        let snapshots = SeatMapSnapshots(pendingLimit: .milliseconds(150))
        let loads = Loads()
        let key = screening.uuidString.lowercased()
        snapshots.changing(screening)
        snapshots.changing(screening)
        snapshots.changed(key)
        _ = try await snapshots.seatMap(screening) { loads.load("held") }
        _ = try await snapshots.seatMap(screening) { loads.load("held") }
        #expect(loads.calls == 2)  // one change still pending: no snapshot
        snapshots.changing(screening)  // a transaction that rolls back: no notification comes
        try await Task.sleep(for: .milliseconds(200))
        _ = try await snapshots.seatMap(screening) { loads.load("held") }
        _ = try await snapshots.seatMap(screening) { loads.load("held") }
        #expect(loads.calls == 3)
    }

    @Test("a load that overlaps a change is not kept; another replica's change drops the snapshot")
    func overlappingLoadNotKept() async throws {
        let snapshots = SeatMapSnapshots()
        let loads = Loads()
        let key = screening.uuidString.lowercased()
        let stale = try await snapshots.seatMap(screening) {
            snapshots.changed(key)  // committed elsewhere while this load ran
            return loads.load("free")
        }
        #expect(stale.first?.state == "free")
        let fresh = try await snapshots.seatMap(screening) { loads.load("sold") }
        #expect(fresh.first?.state == "sold" && loads.calls == 2)
        _ = try await snapshots.seatMap(screening) { loads.load("sold") }
        #expect(loads.calls == 2)
        snapshots.changed(key)
        _ = try await snapshots.seatMap(screening) { loads.load("sold") }
        #expect(loads.calls == 3)
    }

    @Test("a reconnected listener drops every snapshot; an unknown screening is never kept; the table is bounded")
    func resyncEmptyAndBound() async throws {
        let snapshots = SeatMapSnapshots(maxScreenings: 2)
        let loads = Loads()
        let other = UUID()
        _ = try await snapshots.seatMap(screening) { loads.load("free") }
        _ = try await snapshots.seatMap(other) { loads.load("free") }
        snapshots.changed(nil)
        _ = try await snapshots.seatMap(screening) { loads.load("free") }
        _ = try await snapshots.seatMap(other) { loads.load("free") }
        #expect(loads.calls == 4)
        let unknown = UUID()
        for _ in 0..<2 { #expect(try await snapshots.seatMap(unknown) { [] }.isEmpty) }
        _ = try await snapshots.seatMap(UUID()) { loads.load("free") }  // a third screening evicts the oldest
        _ = try await snapshots.seatMap(screening) { loads.load("free") }
        #expect(loads.calls == 6)
    }
}
