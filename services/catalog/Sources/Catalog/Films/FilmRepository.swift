import Foundation
import Hummingbird
import Logging
import Messaging
import Persistence
import PostgresNIO
import ServiceKit

/// Films in catalog's schema; every change of a published film writes its event in the same
/// transaction (published, updated, archived), carrying what other services need.
struct FilmRepository: Sendable {
    let client: PostgresClient
    let logger: Logger

    /// Inserts or replaces a film (every column); emits `catalog.film.updated` when it is published
    /// and `emitUpdate` is set.
    func save(_ film: Film, emitUpdate: Bool = true, on connection: PostgresConnection) async throws {
        let cast = String(decoding: try JSONBody.encoder.encode(film.cast), as: UTF8.self)
        let crew = String(decoding: try JSONBody.encoder.encode(film.crew), as: UTF8.self)
        let trailers = String(decoding: try JSONBody.encoder.encode(film.trailers), as: UTF8.self)
        try await connection.query(
            """
            INSERT INTO films (id, tmdb_id, status, title, original_title, synopsis, synopsis_en, runtime_minutes,
                release_date, certification, genres, keywords, original_language, spoken_languages, audio_languages,
                subtitle_languages, formats, cast_members, crew, people_text, trailers, poster_path, backdrop_path,
                popularity, rating, vote_count, local_edits, synced_at, published_at, created_at, updated_at)
            VALUES (\(film.id), \(film.tmdbId), \(film.status), \(film.title), \(film.originalTitle), \(film.synopsis),
                \(film.synopsisEn), \(film.runtimeMinutes), \(film.releaseDate)::date, \(film.certification),
                \(film.genres), \(film.keywords), \(film.originalLanguage), \(film.spokenLanguages),
                \(film.audioLanguages), \(film.subtitleLanguages), \(film.formats), \(cast)::jsonb, \(crew)::jsonb,
                \(film.peopleText), \(trailers)::jsonb, \(film.posterPath), \(film.backdropPath), \(film.popularity),
                \(film.rating)::numeric, \(film.voteCount), \(film.localEdits), \(film.syncedAt), \(film.publishedAt),
                \(film.createdAt), now())
            ON CONFLICT (id) DO UPDATE SET tmdb_id = EXCLUDED.tmdb_id, title = EXCLUDED.title,
                original_title = EXCLUDED.original_title, synopsis = EXCLUDED.synopsis,
                synopsis_en = EXCLUDED.synopsis_en, runtime_minutes = EXCLUDED.runtime_minutes,
                release_date = EXCLUDED.release_date, certification = EXCLUDED.certification,
                genres = EXCLUDED.genres, keywords = EXCLUDED.keywords,
                original_language = EXCLUDED.original_language, spoken_languages = EXCLUDED.spoken_languages,
                audio_languages = EXCLUDED.audio_languages, subtitle_languages = EXCLUDED.subtitle_languages,
                formats = EXCLUDED.formats, cast_members = EXCLUDED.cast_members, crew = EXCLUDED.crew,
                people_text = EXCLUDED.people_text, trailers = EXCLUDED.trailers, poster_path = EXCLUDED.poster_path,
                backdrop_path = EXCLUDED.backdrop_path, popularity = EXCLUDED.popularity, rating = EXCLUDED.rating,
                vote_count = EXCLUDED.vote_count, local_edits = EXCLUDED.local_edits, synced_at = EXCLUDED.synced_at,
                updated_at = now()
            """, logger: logger)
        if emitUpdate, film.status == "published" {
            try await Outbox.enqueue(FilmUpdated(film), on: connection, logger: logger)
        }
    }

    func find(_ id: UUID, on connection: PostgresConnection? = nil) async throws -> Film? {
        try await one("WHERE f.id = $1", id, connection)
    }

    func find(tmdbId: Int, on connection: PostgresConnection? = nil) async throws -> Film? {
        try await one("WHERE f.tmdb_id = $1", tmdbId, connection)
    }

    /// Locks and returns a film for an update in `connection`'s transaction.
    func lock(_ id: UUID, on connection: PostgresConnection) async throws -> Film? {
        try await one("WHERE f.id = $1 FOR UPDATE OF f", id, connection)
    }

    /// Moves a film through its lifecycle: draft → published ⇄ archived.
    func transition(_ id: UUID, to status: String) async throws -> Film {
        try await client.transaction(logger: logger) { connection in
            guard let film = try await lock(id, on: connection) else { throw AppError.notFound("Film") }
            let allowed: [String: [String]] = [
                "draft": ["published"], "published": ["archived"], "archived": ["published"],
            ]
            guard allowed[film.status]?.contains(status) == true else {
                throw AppError.conflict("invalid-transition", "A \(film.status) film cannot become \(status)")
            }
            if status == "published", film.runtimeMinutes == 0 {
                throw AppError.conflict("runtime-unknown", "Set the film's runtime before publishing it")
            }
            try await connection.query(
                """
                UPDATE films SET status = \(status), updated_at = now(),
                    published_at = CASE WHEN \(status) = 'published' THEN COALESCE(published_at, now()) ELSE published_at END
                WHERE id = \(id)
                """, logger: logger)
            if status == "published" {
                try await Outbox.enqueue(FilmPublished(film), on: connection, logger: logger)
            } else {
                try await Outbox.enqueue(FilmArchived(filmId: id, title: film.title), on: connection, logger: logger)
            }
            return try await find(id, on: connection) ?? film
        }
    }

    private func one(_ condition: String, _ value: some PostgresDynamicTypeEncodable, _ connection: PostgresConnection?)
        async throws -> Film?
    {
        var bindings = PostgresBindings()
        bindings.append(value)
        let query = PostgresQuery(unsafeSQL: "SELECT \(Film.columns) FROM films f \(condition)", binds: bindings)
        let rows =
            if let connection { try await connection.query(query, logger: logger) } else {
                try await client.query(query, logger: logger)
            }
        for try await row in rows { return try Film(row: row) }
        return nil
    }

    static func decode(_ rows: PostgresRowSequence) async throws -> [Film] {
        var films: [Film] = []
        for try await row in rows { films.append(try Film(row: row)) }
        return films
    }
}
