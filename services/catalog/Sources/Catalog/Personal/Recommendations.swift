import Foundation
import Hummingbird
import Logging
import Persistence
import PostgresNIO
import ServiceKit

/// Personalised recommendations, each with its reasons. A candidate (published, not seen) scores
/// for the genres and top-billed cast it shares with what the user watched or favoured ("because
/// you watched X"), for being booked by people who booked the same films ("also booked"), and for
/// showing in the next 14 days. Without history: popular films showing soon. Weights: 2 per genre
/// and 4 per top-billed person shared with a film the user liked, 2 per peer who also booked it,
/// 1.5 for showing soon — so a film like one the user watched always ranks above one that is
/// merely showing soon (with hundreds of films on the programme, those would crowd it out).
struct Recommendations: Sendable {
    let client: PostgresClient
    let images: ImageLinks

    struct Reason: Codable, Sendable, Equatable {
        /// `similar-to`, `also-booked`, `showing-soon` or `popular`.
        var kind: String
        var filmId: UUID?
        var filmTitle: String?
        var detail: String
    }

    struct Recommendation: Codable, Sendable {
        var film: Film
        var score: Double
        var because: String
        var reasons: [Reason]
    }

    struct Profile {
        var liked: [Film]
        var seen: Set<UUID>
        var alsoBooked: [UUID: Int]
        var showingSoon: [UUID: Date]
    }

    func addRoutes(to router: Router<ServiceRequestContext>) {
        router.get("/me/recommendations", use: recommend)
    }

    func recommend(_ request: Request, context: ServiceRequestContext) async throws -> Page<Recommendation> {
        let user = try context.requireIdentity().userID
        let limit = try PageRequest(request: request, defaultLimit: 10).limit
        let profile = try await profile(user, context.logger)
        let candidates = try await candidates(profile, context.logger)
        let ranked = Self.rank(candidates, profile).prefix(limit).map {
            Recommendation(film: images.decorate($0.film), score: $0.score, because: $0.because, reasons: $0.reasons)
        }
        return Page(items: Array(ranked), nextCursor: nil)
    }

    /// Scores and explains candidates; pure, for tests.
    static func rank(_ candidates: [Film], _ profile: Profile) -> [Recommendation] {
        var results: [Recommendation] = []
        for film in candidates where !profile.seen.contains(film.id) {
            var score = 0.0
            var reasons: [Reason] = []
            for liked in profile.liked where liked.id != film.id {
                let genres = Set(liked.genres.map { $0.lowercased() }).intersection(film.genres.map { $0.lowercased() })
                let people = Set(liked.cast.filter { $0.order < 5 }.compactMap(\.personId))
                let shared = film.cast.filter { $0.order < 5 && people.contains($0.personId ?? -1) }.map(\.name)
                guard !genres.isEmpty || !shared.isEmpty else { continue }
                score += 2 * Double(genres.count) + 4 * Double(shared.count)
                let detail =
                    shared.isEmpty
                    ? "genre \(genres.sorted().joined(separator: ", "))" : "with \(shared.joined(separator: ", "))"
                reasons.append(Reason(kind: "similar-to", filmId: liked.id, filmTitle: liked.title, detail: detail))
            }
            if let count = profile.alsoBooked[film.id] {
                score += 2 * Double(count)
                reasons.append(
                    Reason(
                        kind: "also-booked", filmId: nil, filmTitle: nil,
                        detail: "\(count) people who booked your films booked it"))
            }
            if let next = profile.showingSoon[film.id] {
                score += 1.5
                reasons.append(
                    Reason(
                        kind: "showing-soon", filmId: nil, filmTitle: nil,
                        detail: "next screening \(next.formatted(.iso8601))"))
            }
            if profile.liked.isEmpty {
                score += film.popularity / 1000
                reasons.append(Reason(kind: "popular", filmId: nil, filmTitle: nil, detail: "popular right now"))
            }
            guard score > 0, let first = reasons.first else { continue }
            let because =
                switch first.kind {
                case "similar-to": "Because you watched \(first.filmTitle ?? "a film") (\(first.detail))"
                case "also-booked": "People who booked the same films also booked this"
                case "showing-soon": "Showing soon"
                default: "Popular right now"
                }
            results.append(
                Recommendation(film: film, score: (score * 100).rounded() / 100, because: because, reasons: reasons))
        }
        return results.sorted { ($0.score, $0.film.popularity) > ($1.score, $1.film.popularity) }
    }

    private func profile(_ user: UUID, _ logger: Logger) async throws -> Profile {
        let likedRows = try await client.query(
            """
            SELECT \(unescaped: Film.columns) FROM films f WHERE f.id IN (
                SELECT h.film_id FROM viewing_history h WHERE h.user_id = \(user) AND h.screening_starts_at <= now()
                UNION SELECT film_id FROM favourites WHERE user_id = \(user))
            """, logger: logger)
        let liked = try await FilmRepository.decode(likedRows)
        let seenRows = try await client.query(
            "SELECT DISTINCT film_id FROM viewing_history WHERE user_id = \(user)", logger: logger)
        let seen = Set(try await seenRows.decode(UUID.self).allElements())
        let coRows = try await client.query(
            """
            SELECT other.film_id, count(DISTINCT other.user_id)::int FROM viewing_history mine
            JOIN viewing_history peer ON peer.film_id = mine.film_id AND peer.user_id <> mine.user_id
            JOIN viewing_history other ON other.user_id = peer.user_id AND other.film_id <> mine.film_id
            WHERE mine.user_id = \(user) GROUP BY other.film_id ORDER BY 2 DESC LIMIT 200
            """, logger: logger)
        var alsoBooked: [UUID: Int] = [:]
        for try await (film, count) in coRows.decode((UUID, Int).self) { alsoBooked[film] = count }
        let soonRows = try await client.query(
            """
            SELECT film_id, min(starts_at) FROM screenings
            WHERE NOT cancelled AND starts_at BETWEEN now() AND now() + interval '14 days' GROUP BY film_id
            """, logger: logger)
        var soon: [UUID: Date] = [:]
        for try await (film, date) in soonRows.decode((UUID, Date).self) { soon[film] = date }
        return Profile(liked: liked, seen: seen, alsoBooked: alsoBooked, showingSoon: soon)
    }

    /// Published films sharing a genre or a person with the liked ones, booked by peers, or showing
    /// soon: at most 500, those sharing the most genres first (with hundreds of films showing soon,
    /// a cut by popularity alone dropped the closest matches).
    private func candidates(_ profile: Profile, _ logger: Logger) async throws -> [Film] {
        let genres = Array(Set(profile.liked.flatMap(\.genres)))
        let people = Array(Set(profile.liked.flatMap { $0.cast.compactMap(\.personId) }))
        let ids = Array(profile.alsoBooked.keys) + Array(profile.showingSoon.keys)
        let rows = try await client.query(
            """
            SELECT \(unescaped: Film.columns) FROM films f
            WHERE f.status = 'published' AND NOT (f.id = ANY(\(Array(profile.seen))))
              AND (f.genres && \(genres) OR f.id = ANY(\(ids))
                   OR EXISTS (SELECT 1 FROM jsonb_array_elements(f.cast_members) m
                              WHERE (m->>'personId')::int = ANY(\(people.map { Int32(truncatingIfNeeded: $0) })))
                   OR \(profile.liked.isEmpty))
            ORDER BY (SELECT count(*) FROM unnest(f.genres) g WHERE g = ANY(\(genres))) DESC, f.popularity DESC
            LIMIT 500
            """, logger: logger)
        return try await FilmRepository.decode(rows)
    }
}
