import Foundation
import Logging
import PostgresNIO
import ServiceRuntime

/// Live seat maps. Every transaction that changes a screening's seats announces the screening id
/// on `seat_changes` (`ChangeNotice`: to this replica's hub when the transaction ends, to the
/// others by a NOTIFY after the commit); each replica's `ChangeHub` drops its `SeatMapSnapshots`
/// entry and wakes the seat-map streams of that screening.
enum SeatChanges {
    static let channel = "seat_changes"

    static func notify(_ screening: UUID, _ connection: PostgresConnection, _ logger: Logger) async throws {
        SeatMapSnapshots.shared.changing(screening)
        try await ChangeNotice.send(channel, key: key(screening), connection, logger)
    }

    static func key(_ screening: UUID) -> String { screening.uuidString.lowercased() }
}
