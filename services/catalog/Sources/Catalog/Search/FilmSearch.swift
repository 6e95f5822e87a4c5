import Foundation
import Logging
import Persistence
import PostgresNIO
import ServiceKit

/// Full-text search and filters over published films, with keyset pagination per sort order
/// (stable while films are added: a page starts strictly after the previous page's last key).
/// Text: the query is accent-folded like the stored document and matched with French and English
/// stemming plus prefixes of the words typed; ranked by `ts_rank` (title weighs most).
struct FilmSearch: Sendable {
    let client: PostgresClient
    let logger: Logger
    let queries = SearchQueries()

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
        var textQuery: String?
        if let text = query.text { textQuery = try await tsquery(text, &sql) }
        let filters = conditions(query, textQuery: textQuery, &sql)
        let key = sortKey(query.sort, textQuery: textQuery)
        var keyset = ""
        var knownTotal: Int?
        if let encoded = page.after {
            let cursor = try Cursor(encoded)
            keyset =
                " AND (\(key.expression), f.id) \(key.ascending ? ">" : "<") (\(sql.bind(cursor.key))::\(key.type), \(sql.bind(cursor.id)))"
            knownTotal = cursor.total
        }
        let direction = key.ascending ? "ASC" : "DESC"
        let condition = filters.joined(separator: " AND ")
        // A first page by relevance ranks every match anyway: it counts them in the same scan. Other
        // orders read a page off an index and stop; their count is a second query.
        let countsItself = key.readsEveryMatch && page.after == nil
        // The matches are ordered by their id and key alone; only the page's films are read in full
        // (the film columns of every match, formed before the sort, cost a third of the query).
        sql.text = """
            SELECT \(Film.columns), p.key::text AS sort_key\(countsItself ? ", p.total" : "")
            FROM (SELECT f.id, \(key.expression) AS key\(countsItself ? ", count(*) OVER ()::int AS total" : "")
                  FROM films f WHERE \(condition)\(keyset)
                  ORDER BY 2 \(direction), 1 \(direction) LIMIT \(page.limit + 1)) p
            JOIN films f ON f.id = p.id
            ORDER BY p.key \(direction), p.id \(direction)
            """
        let pageQuery = sql.query
        sql.text = "SELECT count(*)::int FROM (SELECT 1 FROM films f WHERE \(condition) LIMIT \(Self.countLimit + 1)) s"
        // The page and the count on two connections at once: for a frequent word each costs a few
        // milliseconds of PostgreSQL, and the answer waits for the slower one, not for both. A later
        // page's cursor carries the count of the first page: the search's total when it began.
        let countQuery = countsItself ? nil : sql.query
        async let counted = count(countQuery, known: knownTotal)
        var films: [Keyed] = []
        var scanned = 0
        for try await row in try await client.query(pageQuery, logger: logger) {
            let columns = row.makeRandomAccess()
            films.append(Keyed(film: try Film(row: row), key: try columns["sort_key"].decode(String.self)))
            if countsItself { scanned = try columns["total"].decode(Int.self) }
        }
        let count = try await counted ?? min(scanned, Self.countLimit + 1)
        let built = page.page(films) { Cursor(key: $0.key, id: $0.film.id, total: count).text }
        return Result(
            items: built.items.map(\.film), nextCursor: built.nextCursor, total: count <= Self.countLimit ? count : nil)
    }

    /// The count carried by the cursor, else the count query's answer; nil when the page query
    /// counts (no count query).
    private func count(_ query: PostgresQuery?, known: Int?) async throws -> Int? {
        if let known { return known }
        guard let query else { return nil }
        return try await client.query(query, logger: logger).decode(Int.self).firstElement() ?? 0
    }

    /// The text's search query (`catalog_query`, CatalogMigrations.searchQuery): French and English
    /// stems and prefixes of the words typed, `-word` excluded in every form; bound as a constant
    /// (SearchQueries).
    private func tsquery(_ text: String, _ sql: inout SQL) async throws -> String {
        "\(sql.bind(try await queries.tsquery(for: text, client: client, logger: logger)))::tsquery"
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
        /// Computed for every match before the page is cut (no index gives this order).
        var readsEveryMatch = false
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
            // ts_rank, not ts_rank_cd: the cover density of a query with every form of each word
            // cost 10 µs a match (measured: 694 matches of "amour paris", 9.5 ms against 1.4 ms).
            SortKey(
                expression: "ts_rank(f.search, \(textQuery ?? "''::tsquery"))", type: "real", ascending: false,
                readsEveryMatch: true)
        }
    }
}

extension FilmSearch {
    /// Where a page ends: its last film's sort key and id, and the search's count (at most
    /// `countLimit + 1`). Text `key|id|count`, read from the right: a title key may hold `|`.
    struct Cursor: Equatable {
        var key: String
        var id: UUID
        var total: Int?

        var text: String { "\(key)|\(id.uuidString)" + (total.map { "|\($0)" } ?? "") }

        init(key: String, id: UUID, total: Int?) {
            self.key = key
            self.id = id
            self.total = total
        }

        /// A cursor of this version (`key|id|count`) or of the last (`key|id`, counted again).
        init(_ text: String) throws {
            var parts = text.split(separator: "|", omittingEmptySubsequences: false)
            let total = parts.last.flatMap { Int($0) }.flatMap {
                (0...(FilmSearch.countLimit + 1)).contains($0) ? $0 : nil
            }
            if total != nil { parts.removeLast() }
            guard parts.count >= 2, let id = parts.last.flatMap({ UUID(uuidString: String($0)) }) else {
                throw AppError.invalid("cursor", "is not valid")
            }
            self.init(key: parts.dropLast().joined(separator: "|"), id: id, total: total)
        }
    }
}

extension String {
    var capitalizedFirst: String { prefix(1).uppercased() + dropFirst() }
}
