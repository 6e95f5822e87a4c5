import Foundation
import Logging
import PostgresNIO

/// scheduling's local copy of catalog's films: what it needs to plan (title, runtime).
enum FilmReplica {
    static func upsert(
        _ id: UUID, _ title: String, _ runtime: Int, _ connection: PostgresConnection, _ logger: Logger
    ) async throws {
        try await connection.query(
            """
            INSERT INTO films (id, title, runtime_minutes) VALUES (\(id), \(title), \(runtime))
            ON CONFLICT (id) DO UPDATE SET title = EXCLUDED.title, runtime_minutes = EXCLUDED.runtime_minutes,
                updated_at = now()
            """, logger: logger)
    }
}
