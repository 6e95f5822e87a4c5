import Foundation

/// Per-screening change counters for the in-memory caches of seat states (`SeatMapSnapshots`,
/// `TakenSeats`): a read takes `version(of:)` before it starts, and its result is kept only if the
/// version is still the same afterwards, i.e. no change overlapped the read.
struct ScreeningVersions {
    struct Version: Equatable, Sendable {
        var epoch: UInt64
        var generation: UInt64
    }

    private var generations: [UUID: UInt64] = [:]
    private var epoch: UInt64 = 0

    /// Screenings counted one by one; past this many, a new epoch instead (the table would
    /// otherwise grow with every screening ever changed).
    static let maxScreenings = 8192

    func version(of screening: UUID) -> Version {
        Version(epoch: epoch, generation: generations[screening, default: 0])
    }

    /// The screening changed.
    mutating func bump(_ screening: UUID) {
        if generations.count >= Self.maxScreenings {
            generations.removeAll()
            epoch &+= 1
        }
        generations[screening, default: 0] &+= 1
    }

    /// Any screening may have changed.
    mutating func bumpAll() { epoch &+= 1 }
}

extension Dictionary where Key == UUID {
    /// Makes room for `key` in a cache bounded to `limit` screenings: when `key` is new and the
    /// cache is full, the entry with the oldest `time` goes.
    mutating func makeRoom(for key: UUID, limit: Int, time: (Value) -> ContinuousClock.Instant) {
        guard self[key] == nil, count >= limit, let oldest = self.min(by: { time($0.value) < time($1.value) })?.key
        else { return }
        self[oldest] = nil
    }
}
