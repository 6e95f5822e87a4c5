import Foundation

/// A seat as the selection rules see it: its place in the room and whether it can be chosen.
struct SeatCell: Sendable, Equatable {
    var id: UUID
    var label: String
    var row: Int
    var column: Int
    var kind: String
    /// Held, sold or blocked.
    var taken: Bool
}

/// The seat-selection rules of a cinema: no orphan seat, best available seats together.
enum SeatRules {
    /// Free seats that taking `selection` would leave alone between two taken seats of a row
    /// (and that were not alone already). Gaps in column numbers are aisles, not seats.
    static func orphans(in seats: [SeatCell], taking selection: Set<UUID>) -> [SeatCell] {
        let byPlace = Dictionary(uniqueKeysWithValues: seats.map { (Place(row: $0.row, column: $0.column), $0) })
        func takenBefore(_ place: Place) -> Bool { byPlace[place]?.taken ?? false }
        func takenAfter(_ place: Place) -> Bool {
            guard let seat = byPlace[place] else { return false }
            return seat.taken || selection.contains(seat.id)
        }
        return seats.filter { seat in
            guard !seat.taken, !selection.contains(seat.id) else { return false }
            let left = Place(row: seat.row, column: seat.column - 1)
            let right = Place(row: seat.row, column: seat.column + 1)
            let aloneAfter = takenAfter(left) && takenAfter(right)
            let aloneBefore = takenBefore(left) && takenBefore(right)
            return aloneAfter && !aloneBefore
        }
    }

    /// The best `count` free seats side by side: rows near two thirds of the way back, seats near
    /// the row's centre, never leaving an orphan. Wheelchair and companion seats are kept for
    /// those who ask; with `wheelchair`, the block holds a wheelchair seat and (for two or more)
    /// a companion seat. Nil when no such block exists.
    static func bestAvailable(_ seats: [SeatCell], count: Int, wheelchair: Bool) -> [SeatCell]? {
        guard count > 0, let lastRow = seats.map(\.row).max() else { return nil }
        let idealRow = Double(lastRow) * 2 / 3
        var best: (score: Double, block: [SeatCell])?
        for rowSeats in Dictionary(grouping: seats, by: \.row).values {
            let row = rowSeats.sorted { $0.column < $1.column }
            let centre = Double(row.first!.column + row.last!.column) / 2
            for block in contiguousBlocks(row, count: count)
            where fits(block, wheelchair: wheelchair)
                && orphans(in: seats, taking: Set(block.map(\.id))).isEmpty
            {
                let middle = Double(block.first!.column + block.last!.column) / 2
                let score = abs(Double(block[0].row) - idealRow) * 2 + abs(middle - centre)
                if best == nil || score < best!.score { best = (score, block) }
            }
        }
        return best?.block
    }

    /// Runs of `count` free seats with consecutive columns (no aisle inside).
    static func contiguousBlocks(_ row: [SeatCell], count: Int) -> [[SeatCell]] {
        guard row.count >= count else { return [] }
        return (0...(row.count - count)).compactMap { start in
            let block = Array(row[start..<(start + count)])
            let consecutive = zip(block, block.dropFirst()).allSatisfy { $1.column == $0.column + 1 }
            return consecutive && block.allSatisfy({ !$0.taken }) ? block : nil
        }
    }

    private static func fits(_ block: [SeatCell], wheelchair: Bool) -> Bool {
        let kinds = block.map(\.kind)
        guard wheelchair else { return !kinds.contains("wheelchair") && !kinds.contains("companion") }
        return kinds.contains("wheelchair") && (block.count == 1 || kinds.contains("companion"))
    }

    private struct Place: Hashable {
        var row: Int
        var column: Int
    }
}
