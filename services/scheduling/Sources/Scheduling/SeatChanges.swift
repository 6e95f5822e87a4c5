import Foundation
import Logging
import Persistence
import PostgresNIO
import ServiceRuntime

/// Live seat maps. Every transaction that changes a screening's seats announces the screening id
/// on `seat_changes` (`ChangeNotice`: to this replica's hub when the transaction ends, to the
/// others by a NOTIFY after the commit); each replica's `ChangeHub` drops its `SeatMapSnapshots`
/// entry and wakes the seat-map streams of that screening.
enum SeatChanges {
    static let channel = "seat_changes"

    /// `freesSeats`: false for a change that only takes seats (a hold, its confirmation), which
    /// leaves `TakenSeats` as it is.
    static func notify(
        _ screening: UUID, freesSeats: Bool = true, _ connection: PostgresConnection, _ logger: Logger
    ) async throws {
        SeatMapSnapshots.shared.changing(screening)
        if freesSeats {
            let hooks = TransactionHooks.current
            TakenSeats.shared.freeing(screening, untilEnded: hooks != nil)
            hooks?.onEnd { _ in TakenSeats.shared.ended(screening) }
        }
        try await ChangeNotice.send(channel, key: key(screening), connection, logger)
    }

    static func key(_ screening: UUID) -> String { screening.uuidString.lowercased() }
}
