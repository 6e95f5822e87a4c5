import Foundation
import Logging
import PostgresNIO
import ServiceKit

/// Full-text search and filters over published films, with keyset pagination per sort order
/// (stable while films are added: a page starts strictly after the previous page's last key).
/// Text: the query is accent-folded like the stored document and matched with French and English
/// stemming plus prefixes of the words typed; ranked by `ts_rank_cd` (title weighs most).
struct FilmSearch: Sendable {
    let client: PostgresClient
    let logger: Logger

    struct Result: Codable, Sendable {
        var items: [Film]
        var nextCursor: String?
        /// The number of matching films when at most `countLimit` (counting more would not be cheap).
        var total: Int?
    }

    static let countLimit = 1000

    struct Keyed: Codable, Sendable {
        var film: Film
        var key: String
    }

    /// SQL text and its bindings, built together.
    struct SQL {
        var text = ""
        var bindings = PostgresBindings()

        mutating func bind(_ value: some PostgresDynamicTypeEncodable) -> String {
            bindings.append(value)
            return "$\(bindings.count)"
        }

        var query: PostgresQuery { PostgresQuery(unsafeSQL: text, binds: bindings) }
    }

    func search(_ query: FilmQuery, page: PageRequest) async throws -> Result {
        var sql = SQL()
        let textQuery = query.text.map { tsquery($0, &sql) }
        let filters = conditions(query, textQuery: textQuery, &sql)
        let key = sortKey(query.sort, textQuery: textQuery)
        var keyset = ""
        if let cursor = page.after {
            let parts = cursor.split(separator: "|", maxSplits: 1).map(String.init)
            guard parts.count == 2, let id = UUID(uuidString: parts[1]) else {
                throw AppError.invalid("cursor", "is not valid")
            }
            let last = sql.bind(parts[0])
            keyset =
                " AND (\(key.expression), f.id) \(key.ascending ? ">" : "<") (\(last)::\(key.type), \(sql.bind(id)))"
        }
        let direction = key.ascending ? "ASC" : "DESC"
        let condition = filters.joined(separator: " AND ")
        sql.text = """
            SELECT \(Film.columns), (\(key.expression))::text AS sort_key FROM films f
            WHERE \(condition)\(keyset)
            ORDER BY \(key.expression) \(direction), f.id \(direction) LIMIT \(page.limit + 1)
            """
        let pageQuery = sql.query
        sql.text = "SELECT count(*)::int FROM (SELECT 1 FROM films f WHERE \(condition) LIMIT \(Self.countLimit + 1)) s"
        // The page and the count on two connections at once: for a frequent word each costs a few
        // milliseconds of PostgreSQL, and the answer waits for the slower one, not for both.
        async let counted = count(sql.query)
        var films: [Keyed] = []
        for try await row in try await client.query(pageQuery, logger: logger) {
            films.append(
                Keyed(film: try Film(row: row), key: try row.makeRandomAccess()["sort_key"].decode(String.self)))
        }
        let built = page.page(films) { "\($0.key)|\($0.film.id.uuidString)" }
        let count = try await counted
        return Result(
            items: built.items.map(\.film), nextCursor: built.nextCursor, total: count <= Self.countLimit ? count : nil)
    }

    private func count(_ query: PostgresQuery) async throws -> Int {
        var count = 0
        for try await value in try await client.query(query, logger: logger).decode(Int.self) { count = value }
        return count
    }

    /// French and English stems of the folded text, or prefixes of its words.
    private func tsquery(_ text: String, _ sql: inout SQL) -> String {
        let value = sql.bind(text)
        return """
            (websearch_to_tsquery('french', catalog_fold(\(value))) || websearch_to_tsquery('english', catalog_fold(\(value)))
             || to_tsquery('simple', array_to_string(ARRAY(SELECT w || ':*' FROM regexp_split_to_table(catalog_fold(\(value)),
                '[^[:alnum:]]+') w WHERE w <> ''), ' & ')))
            """
    }

    private func conditions(_ query: FilmQuery, textQuery: String?, _ sql: inout SQL) -> [String] {
        var conditions = ["f.status = \(sql.bind(query.status))"]
        if let textQuery { conditions.append("f.search @@ \(textQuery)") }
        if !query.genres.isEmpty {
            conditions.append(
                "f.genres && \(sql.bind(query.genres.flatMap { [$0, $0.capitalizedFirst, $0.capitalized] }))")
        }
        if !query.categories.isEmpty {
            conditions.append(
                """
                EXISTS (WITH RECURSIVE tree AS (
                            SELECT id FROM categories WHERE slug = ANY(\(sql.bind(query.categories)))
                            UNION SELECT c.id FROM categories c JOIN tree t ON c.parent_id = t.id)
                        SELECT 1 FROM film_categories fc WHERE fc.film_id = f.id AND fc.category_id IN (SELECT id FROM tree))
                """)
        }
        if !query.audio.isEmpty { conditions.append("f.audio_languages && \(sql.bind(query.audio))") }
        if !query.subtitles.isEmpty { conditions.append("f.subtitle_languages && \(sql.bind(query.subtitles))") }
        if !query.formats.isEmpty { conditions.append("f.formats && \(sql.bind(query.formats))") }
        if !query.certifications.isEmpty {
            conditions.append("f.certification = ANY(\(sql.bind(query.certifications)))")
        }
        if let runtime = query.runtime {
            conditions.append(
                "f.runtime_minutes BETWEEN \(sql.bind(runtime.lowerBound)) AND \(sql.bind(runtime.upperBound))")
        }
        if let years = query.years {
            conditions.append(
                "extract(year FROM f.release_date)::int BETWEEN \(sql.bind(years.lowerBound)) AND \(sql.bind(years.upperBound))"
            )
        }
        if let rating = query.minimumRating { conditions.append("f.rating >= \(sql.bind(rating))::numeric") }
        if query.showing != nil || !query.screening.isEmpty {
            conditions.append(Self.screeningCondition(query, &sql))
        }
        if let person = query.personId {
            let json = "[{\"personId\":\(person)}]"
            conditions.append("(f.cast_members @> \(sql.bind(json))::jsonb OR f.crew @> \(sql.bind(json))::jsonb)")
        }
        return conditions
    }

    /// One screening of the film, not cancelled, in the dates asked (from now on without dates),
    /// with everything the screening filters ask for.
    private static func screeningCondition(_ query: FilmQuery, _ sql: inout SQL) -> String {
        var clauses = ["s.film_id = f.id", "NOT s.cancelled"]
        if let showing = query.showing {
            clauses.append("s.starts_at >= \(sql.bind(showing.lowerBound))")
            clauses.append("s.starts_at < \(sql.bind(showing.upperBound))")
        } else {
            clauses.append("s.starts_at >= now()")
        }
        let filter = query.screening
        if !filter.cinemas.isEmpty { clauses.append("s.cinema_id = ANY(\(sql.bind(filter.cinemas)))") }
        if !filter.versions.isEmpty { clauses.append("s.version = ANY(\(sql.bind(filter.versions)))") }
        if !filter.timesOfDay.isEmpty {
            clauses.append(
                """
                (SELECT CASE WHEN h >= 22 OR h < 5 THEN 'night' WHEN h < 12 THEN 'morning'
                             WHEN h < 18 THEN 'afternoon' ELSE 'evening' END
                 FROM extract(hour FROM s.starts_at AT TIME ZONE s.timezone) h)
                = ANY(\(sql.bind(filter.timesOfDay.map(\.rawValue))))
                """)
        }
        if filter.wheelchair { clauses.append("s.wheelchair_spaces > 0") }
        return "EXISTS (SELECT 1 FROM screenings s WHERE \(clauses.joined(separator: " AND ")))"
    }

    struct SortKey {
        var expression: String
        var type: String
        var ascending: Bool
    }

    /// The keyset expression of each order; the index of each matches it (see the migrations).
    private func sortKey(_ sort: FilmQuery.Sort, textQuery: String?) -> SortKey {
        switch sort {
        case .title: SortKey(expression: "lower(f.title) COLLATE \"C\"", type: "text", ascending: true)
        case .release:
            SortKey(expression: "coalesce(f.release_date, date '0001-01-01')", type: "date", ascending: false)
        case .popularity: SortKey(expression: "f.popularity", type: "float8", ascending: false)
        case .relevance:
            // The rank as PostgreSQL computes it (real): its text form round-trips exactly, so the
            // cursor's key compares equal; rounding through numeric cost more than the rank itself.
            SortKey(
                expression: "ts_rank_cd(f.search, \(textQuery ?? "''::tsquery"))", type: "real", ascending: false)
        }
    }
}

extension String {
    var capitalizedFirst: String { prefix(1).uppercased() + dropFirst() }
}
