import Foundation
import Hummingbird
import Logging
import Messaging
import PostgresNIO
import ServiceKit

struct Film: ResponseCodable, Sendable, Equatable {
    var id: UUID
    var title: String
    var originalTitle: String?
    var synopsis: String
    var runtimeMinutes: Int
    var releaseDate: String?
    var genres: [String]
    var posterPath: String?
    var status: String
    var createdAt: Date
    var updatedAt: Date
}

/// Films in catalog's schema; every change writes its event in the same transaction.
struct FilmRepository: Sendable {
    let client: PostgresClient
    let logger: Logger

    func create(_ film: Film) async throws {
        try await client.transaction(logger: logger) { connection in
            try await connection.query(
                """
                INSERT INTO films (id, title, original_title, synopsis, runtime_minutes, release_date, genres,
                                   poster_path, status, created_at, updated_at)
                VALUES (\(film.id), \(film.title), \(film.originalTitle), \(film.synopsis), \(film.runtimeMinutes),
                        \(film.releaseDate)::date, \(film.genres), \(film.posterPath), 'published', \(film.createdAt),
                        \(film.updatedAt))
                """, logger: logger)
            let event = FilmPublished(filmId: film.id, title: film.title, runtimeMinutes: film.runtimeMinutes)
            try await Outbox.enqueue(event, on: connection, logger: logger)
        }
    }

    func update(_ film: Film) async throws {
        try await client.transaction(logger: logger) { connection in
            try await connection.query(
                """
                UPDATE films SET title = \(film.title), synopsis = \(film.synopsis),
                    runtime_minutes = \(film.runtimeMinutes), genres = \(film.genres), updated_at = now()
                WHERE id = \(film.id)
                """, logger: logger)
            let event = FilmUpdated(filmId: film.id, title: film.title, runtimeMinutes: film.runtimeMinutes)
            try await Outbox.enqueue(event, on: connection, logger: logger)
        }
    }

    func find(_ id: UUID) async throws -> Film? {
        try await films(
            try await client.query("SELECT \(unescaped: Self.columns) FROM films WHERE id = \(id)", logger: logger)
        ).first
    }

    /// Published films by title, optionally filtered by a case-insensitive title fragment.
    /// The cursor holds the last title and id; PostgreSQL lowercases both sides of the comparison.
    func list(search: String?, page: PageRequest) async throws -> Page<Film> {
        let escaped = (search ?? "").replacingOccurrences(of: "\\", with: "\\\\")
            .replacingOccurrences(of: "%", with: "\\%").replacingOccurrences(of: "_", with: "\\_")
        let pattern = "%" + escaped + "%"
        let cursor = page.after?.split(separator: "\u{1F}", maxSplits: 1).map(String.init)
        let afterTitle = cursor?.first ?? ""
        let afterID = cursor.flatMap { $0.count == 2 ? UUID(uuidString: $0[1]) : nil } ?? .zero
        let rows = try await client.query(
            """
            SELECT \(unescaped: Self.columns) FROM films
            WHERE status = 'published' AND title ILIKE \(pattern)
              AND (lower(title) COLLATE "C", id) > (lower(\(afterTitle)) COLLATE "C", \(afterID))
            ORDER BY lower(title) COLLATE "C", id LIMIT \(page.limit + 1)
            """, logger: logger)
        return page.page(try await films(rows)) { "\($0.title)\u{1F}\($0.id.uuidString)" }
    }

    private static let columns = """
        id, title, original_title, synopsis, runtime_minutes, to_char(release_date, 'YYYY-MM-DD'), genres,
        poster_path, status, created_at, updated_at
        """

    private func films(_ rows: PostgresRowSequence) async throws -> [Film] {
        var films: [Film] = []
        for try await row in rows {
            let (id, title, original, synopsis, runtime, release, genres, poster, status, created, updated) =
                try row.decode(
                    (UUID, String, String?, String, Int, String?, [String], String?, String, Date, Date).self)
            films.append(
                Film(
                    id: id, title: title, originalTitle: original, synopsis: synopsis, runtimeMinutes: runtime,
                    releaseDate: release, genres: genres, posterPath: poster, status: status, createdAt: created,
                    updatedAt: updated))
        }
        return films
    }
}
