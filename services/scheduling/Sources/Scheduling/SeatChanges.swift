import Foundation
import Logging
import PostgresNIO
import ServiceRuntime

/// Live seat maps. Every transaction that changes a screening's seats sends a NOTIFY on
/// `seat_changes` with the screening id; the replica's `ChangeListener` wakes the seat-map
/// streams of that screening through its `ChangeHub`, after dropping its `SeatMapSnapshots` entry.
enum SeatChanges {
    static let channel = "seat_changes"

    static func notify(_ screening: UUID, _ connection: PostgresConnection, _ logger: Logger) async throws {
        SeatMapSnapshots.shared.changing(screening)
        try await ChangeNotice.send(channel, key: key(screening), connection, logger)
    }

    static func key(_ screening: UUID) -> String { screening.uuidString.lowercased() }
}
