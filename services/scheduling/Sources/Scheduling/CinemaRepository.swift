import Foundation
import Hummingbird
import Logging
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
