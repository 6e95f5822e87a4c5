import Foundation
import Synchronization

/// Seats known to be held or sold, per screening, so that a hold asking for one of them is refused
/// without a transaction: in a rush, most attempts ask for a seat someone has just taken.
///
/// Taking seats (a hold, a payment confirming it) only adds to what is taken, so the set survives
/// those changes; only a change that may free seats (a release, an expiry, a refund, a
/// cancellation) empties it. Seats are learnt from reads that no such change overlapped:
/// - a change of this replica that may free seats empties the set when announced (before its
///   commit) and again once its transaction has ended, and no read is learnt from in between;
/// - another replica's change (its NOTIFY) empties the set: it may have freed seats;
/// - a read learns only if no emptying happened since it started (`version` before, `note` after).
/// A set is kept `maxAge` at most, whatever was missed.
final class TakenSeats: Sendable {
    private struct Entry {
        var seats: Set<UUID>
        var since: ContinuousClock.Instant
    }

    private struct State {
        var entries: [UUID: Entry] = [:]
        /// Bumped by every change that may free seats: a read is learnt only if its screening's did not move.
        var versions = ScreeningVersions()
        /// Changes of this replica that may free seats, announced and not ended yet.
        var freeing: [UUID: Int] = [:]
    }

    /// The process's sets (`SeatChanges.notify`, holds, seat-map reads and the `ChangeHub` reach them).
    static let shared = TakenSeats()

    let maxAge: Duration
    let maxScreenings: Int
    private let state = Mutex(State())

    init(maxAge: Duration = .seconds(2), maxScreenings: Int = 512) {
        self.maxAge = maxAge
        self.maxScreenings = maxScreenings
    }

    /// Read before reading seat states; given back to `note`.
    func version(_ screening: UUID) -> ScreeningVersions.Version {
        state.withLock { $0.versions.version(of: screening) }
    }

    /// `seats` were held or sold in a read that started at `version`: remembered unless a change that
    /// may free seats overlapped the read.
    func note(_ screening: UUID, taken seats: some Sequence<UUID>, readSince version: ScreeningVersions.Version) {
        let now = ContinuousClock.now
        state.withLock { state in
            guard state.freeing[screening] == nil, state.versions.version(of: screening) == version else { return }
            if var entry = state.entries[screening], now - entry.since < maxAge {
                entry.seats.formUnion(seats)
                state.entries[screening] = entry
                return
            }
            state.entries.makeRoom(for: screening, limit: maxScreenings) { $0.since }
            state.entries[screening] = Entry(seats: Set(seats), since: now)
        }
    }

    /// Whether one of `wanted` is known held or sold.
    func refuses(_ screening: UUID, _ wanted: Set<UUID>) -> Bool {
        let now = ContinuousClock.now
        return state.withLock { state in
            guard let entry = state.entries[screening], now - entry.since < maxAge else { return false }
            return !entry.seats.isDisjoint(with: wanted)
        }
    }

    /// A transaction of this replica may free seats of the screening. `untilEnded`: `ended` will be
    /// called once it has ended (reads are not learnt from until then).
    func freeing(_ screening: UUID, untilEnded: Bool) {
        state.withLock { state in
            Self.forget(screening, &state)
            if untilEnded { state.freeing[screening, default: 0] += 1 }
        }
    }

    /// A transaction announced by `freeing(_:untilEnded: true)` has ended (committed or not).
    func ended(_ screening: UUID) {
        state.withLock { state in
            Self.forget(screening, &state)
            let left = state.freeing[screening, default: 1] - 1
            state.freeing[screening] = left > 0 ? left : nil
        }
    }

    /// Another replica changed the screening's seats (`key`), or anything may have changed (nil).
    func changedElsewhere(_ key: String?) {
        state.withLock { state in
            guard let key else {
                state.entries.removeAll()
                state.versions.bumpAll()
                return
            }
            if let screening = UUID(uuidString: key) { Self.forget(screening, &state) }
        }
    }

    private static func forget(_ screening: UUID, _ state: inout State) {
        state.entries[screening] = nil
        state.versions.bump(screening)
    }
}
