import Foundation
import Synchronization

/// Seat maps served from memory: many readers of one screening (a rush) share one query instead
/// of one each. A snapshot is dropped when the screening's seats change:
/// - on this replica, as soon as a transaction announces a change (`changing`, called by
///   `SeatChanges.notify` before the commit): until the hub hears of the change (once its
///   transaction has ended, or when its NOTIFY comes back), reads of that screening go to the
///   database (so a moviegoer always sees their own hold), and no load that overlapped the change
///   is kept;
/// - on every replica, when the hub hears of the change (`changed`, from the `ChangeHub`, before
///   its live streams are woken), and all of them when the listener reconnects;
/// - at the latest `maxAge` after it was read, whatever was missed.
final class SeatMapSnapshots: Sendable {
    private struct Entry {
        var seats: [SeatState]
        var loadedAt: ContinuousClock.Instant
    }

    private struct Pending {
        var count: Int
        var since: ContinuousClock.Instant
    }

    private struct State {
        var entries: [UUID: Entry] = [:]
        /// Bumped by every change: a load stores its result only if its screening's did not move.
        var versions = ScreeningVersions()
        /// Changes announced by transactions of this replica that the hub has not heard of yet.
        var pending: [UUID: Pending] = [:]
    }

    /// The process's snapshots (`SeatChanges.notify` and the replica's `ChangeHub` reach them).
    static let shared = SeatMapSnapshots()

    let maxAge: Duration
    let maxScreenings: Int
    /// How long an announced change may wait for the hub to hear of it (a safety net: the hub hears
    /// of every change whose transaction ends, rolled back or not).
    let pendingLimit: Duration
    private let state = Mutex(State())

    init(maxAge: Duration = .seconds(1), maxScreenings: Int = 512, pendingLimit: Duration = .seconds(2)) {
        self.maxAge = maxAge
        self.maxScreenings = maxScreenings
        self.pendingLimit = pendingLimit
    }

    /// The screening's seat map: the snapshot when there is a fresh one, else `load()` (kept when
    /// nothing changed meanwhile and it is not empty: an unknown screening is not remembered).
    func seatMap(_ screening: UUID, load: () async throws -> [SeatState]) async throws -> [SeatState] {
        let now = ContinuousClock.now
        let lookup = state.withLock { state -> (seats: [SeatState]?, version: ScreeningVersions.Version?) in
            if let pending = state.pending[screening] {
                if now - pending.since < pendingLimit { return (nil, nil) }
                state.pending[screening] = nil
            }
            if let entry = state.entries[screening], now - entry.loadedAt < maxAge { return (entry.seats, nil) }
            return (nil, state.versions.version(of: screening))
        }
        if let seats = lookup.seats { return seats }
        let seats = try await load()
        guard let version = lookup.version, !seats.isEmpty else { return seats }
        state.withLock { state in
            guard state.versions.version(of: screening) == version, state.pending[screening] == nil else { return }
            state.entries.makeRoom(for: screening, limit: maxScreenings) { $0.loadedAt }
            state.entries[screening] = Entry(seats: seats, loadedAt: now)
        }
        return seats
    }

    /// A transaction of this replica is changing the screening's seats (not committed yet).
    func changing(_ screening: UUID) {
        let now = ContinuousClock.now
        state.withLock { state in
            state.entries[screening] = nil
            state.versions.bump(screening)
            state.pending[screening] = Pending(count: (state.pending[screening]?.count ?? 0) + 1, since: now)
        }
    }

    /// A committed change was notified (`key`: the screening), or nil: anything may have changed.
    func changed(_ key: String?) {
        state.withLock { state in
            guard let key else {  // this replica's own pending changes still wait for the hub
                state.entries.removeAll()
                state.versions.bumpAll()
                return
            }
            guard let screening = UUID(uuidString: key) else { return }
            state.entries[screening] = nil
            state.versions.bump(screening)
            if let pending = state.pending[screening] {
                state.pending[screening] =
                    pending.count > 1 ? Pending(count: pending.count - 1, since: pending.since) : nil
            }
        }
    }
}
