import Foundation
import Hummingbird
import Logging
import Messaging
import Persistence
import PostgresNIO
import ServiceKit

struct Cinema: ResponseCodable, Sendable {
    var id: UUID
    var name: String
    var city: String
    var timezone: String
    /// What the cinema sells in (ISO 4217); its screenings use it.
    var currency: String
    /// The seller of its tickets (invoices), when set.
    var legalEntity: LegalEntity?
    var auditoriums: [AuditoriumSummary]
}

struct AuditoriumSummary: Codable, Sendable {
    var id: UUID
    var name: String
    var capacity: Int
}

struct Seat: Codable, Sendable {
    var id: UUID
    var row: String
    var number: Int
    var rowIndex: Int
    var columnIndex: Int
    var kind: String
}

/// Cinemas, auditoriums and their seat maps.
struct CinemaRepository: Sendable {
    let client: PostgresClient

    func create(
        id: UUID, name: String, city: String, timezone: String, currency: String, legalEntity: LegalEntity?,
        logger: Logger
    ) async throws {
        let entity = try legalEntity.map { String(decoding: try JSONBody.encoder.encode($0), as: UTF8.self) }
        do {
            try await client.query(
                """
                INSERT INTO cinemas (id, name, city, timezone, currency, legal_entity)
                VALUES (\(id), \(name), \(city), \(timezone), \(currency), \(entity)::jsonb)
                """, logger: logger)
        } catch  where DatabaseConstraint(error) != nil {
            throw AppError.conflict("cinema-exists", "A cinema named \(name) already exists")
        }
    }

    func createAuditorium(id: UUID, cinemaID: UUID, name: String, seats: [Seat], logger: Logger) async throws {
        do {
            try await client.transaction(logger: logger) { connection in
                try await connection.query(
                    "INSERT INTO auditoriums (id, cinema_id, name) VALUES (\(id), \(cinemaID), \(name))", logger: logger
                )
                for seat in seats {
                    try await connection.query(
                        """
                        INSERT INTO seats (id, auditorium_id, row_label, number, row_index, column_index, kind)
                        VALUES (\(seat.id), \(id), \(seat.row), \(seat.number), \(seat.rowIndex), \(seat.columnIndex),
                                \(seat.kind))
                        """, logger: logger)
                }
            }
        } catch let error where DatabaseConstraint(error) != nil {
            if case .foreignKey = DatabaseConstraint(error) { throw AppError.notFound("Cinema") }
            throw AppError.conflict("auditorium-exists", "This cinema already has an auditorium named \(name)")
        }
    }

    func replaceAuditorium(id: UUID, name: String, seats: [Seat], logger: Logger) async throws {
        do {
            try await client.transaction(logger: logger) { connection in
                let found = try await connection.query(
                    "SELECT id FROM auditoriums WHERE id = \(id) FOR UPDATE", logger: logger)
                guard try await found.collect().count == 1 else { throw AppError.notFound("Auditorium") }
                try await Self.refuseWhileBooked(auditorium: id, connection: connection, logger: logger)
                try await connection.query("UPDATE auditoriums SET name = \(name) WHERE id = \(id)", logger: logger)
                let labels = seats.map(\.row)
                let numbers = seats.map(\.number)
                let removed = try await connection.query(
                    """
                    SELECT st.row_label, st.number FROM seats st
                    WHERE st.auditorium_id = \(id)
                      AND (st.row_label, st.number) NOT IN (SELECT * FROM unnest(\(labels)::text[], \(numbers)::int[]))
                      AND (EXISTS (SELECT 1 FROM booking_seats bs WHERE bs.seat_id = st.id)
                           OR EXISTS (SELECT 1 FROM tickets t WHERE t.seat_id = st.id))
                    ORDER BY st.row_index, st.number LIMIT 5
                    """, logger: logger
                ).collect().map { try $0.decode((String, Int).self) }
                if !removed.isEmpty {
                    let names = removed.map { "\($0.0)\($0.1)" }.joined(separator: ", ")
                    throw AppError.conflict(
                        "seat-has-history", "Seats that were booked cannot be removed (\(names)); block them instead")
                }
                try await connection.query(
                    """
                    DELETE FROM seats WHERE auditorium_id = \(id)
                      AND (row_label, number) NOT IN (SELECT * FROM unnest(\(labels)::text[], \(numbers)::int[]))
                    """, logger: logger)
                for seat in seats {
                    try await connection.query(
                        """
                        INSERT INTO seats (id, auditorium_id, row_label, number, row_index, column_index, kind)
                        VALUES (\(seat.id), \(id), \(seat.row), \(seat.number), \(seat.rowIndex), \(seat.columnIndex),
                                \(seat.kind))
                        ON CONFLICT (auditorium_id, row_label, number) DO UPDATE
                        SET row_index = EXCLUDED.row_index, column_index = EXCLUDED.column_index, kind = EXCLUDED.kind
                        """, logger: logger)
                }
                let changed = AuditoriumChanged(
                    auditoriumId: id, name: name, seats: seats.filter { $0.kind != "blocked" }.count,
                    wheelchairSpaces: seats.filter { $0.kind == "wheelchair" }.count)
                try await Outbox.enqueue(changed, on: connection, logger: logger)
            }
            // Committed: the screenings of this auditorium show the new layout (other replicas'
            // snapshots age out within a second).
            SeatMapSnapshots.shared.changed(nil)
        } catch let error where DatabaseConstraint(error) != nil {
            throw AppError.conflict("auditorium-exists", "This cinema already has an auditorium named \(name)")
        }
    }

    /// A seat map cannot change under screenings still to come that have seats held or sold.
    private static func refuseWhileBooked(auditorium: UUID, connection: PostgresConnection, logger: Logger)
        async throws
    {
        let rows = try await connection.query(
            """
            SELECT count(DISTINCT s.id)::int FROM screenings s
            JOIN booking_seats bs ON bs.screening_id = s.id AND bs.live
            WHERE s.auditorium_id = \(auditorium) AND s.ends_at > now()
            """, logger: logger)
        let busy = try await rows.collect().first?.decode(Int.self) ?? 0
        if busy > 0 {
            throw AppError.conflict(
                "auditorium-in-use",
                "\(busy) screening(s) still to come have seats held or sold in this auditorium: "
                    + "the seat map can change once they are over or cancelled")
        }
    }

    func list(logger: Logger) async throws -> [Cinema] {
        let rows = try await client.query(
            """
            SELECT c.id, c.name, c.city, c.timezone, c.currency, c.legal_entity::text, a.id, a.name,
                   (SELECT count(*) FROM seats s WHERE s.auditorium_id = a.id AND s.kind <> 'blocked')::int
            FROM cinemas c LEFT JOIN auditoriums a ON a.cinema_id = c.id ORDER BY c.name, a.name
            """, logger: logger)
        var cinemas: [Cinema] = []
        for try await (id, name, city, zone, currency, entity, auditoriumID, auditoriumName, capacity) in rows.decode(
            (UUID, String, String, String, String, String?, UUID?, String?, Int).self)
        {
            if cinemas.last?.id != id {
                let legalEntity = try entity.map { try JSONBody.decoder.decode(LegalEntity.self, from: Data($0.utf8)) }
                cinemas.append(
                    Cinema(
                        id: id, name: name, city: city, timezone: zone, currency: currency, legalEntity: legalEntity,
                        auditoriums: []))
            }
            if let auditoriumID, let auditoriumName {
                cinemas[cinemas.count - 1].auditoriums.append(
                    AuditoriumSummary(id: auditoriumID, name: auditoriumName, capacity: capacity))
            }
        }
        return cinemas
    }

    func seats(auditorium: UUID, logger: Logger) async throws -> [Seat] {
        let rows = try await client.query(
            """
            SELECT id, row_label, number, row_index, column_index, kind FROM seats
            WHERE auditorium_id = \(auditorium) ORDER BY row_index, column_index
            """, logger: logger)
        var seats: [Seat] = []
        for try await (id, row, number, rowIndex, column, kind) in rows.decode(
            (UUID, String, Int, Int, Int, String).self)
        {
            seats.append(Seat(id: id, row: row, number: number, rowIndex: rowIndex, columnIndex: column, kind: kind))
        }
        return seats
    }
}
