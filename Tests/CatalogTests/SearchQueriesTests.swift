import Logging
import Persistence
import PostgresNIO
import TestSupport
import Testing

@testable import Catalog

/// The search queries that catalog binds as constants, against its schema in the running test suite.
@Suite("catalog search queries", .enabled(if: TestEnvironment.isAvailable))
struct SearchQueriesTests {
    @Test("a text's query is catalog_query's own, read back whole; remembered, and all forgotten past the bound")
    func remembered() async throws {
        try await TestDatabase.withClient(as: "catalog") { client in
            let logger = Logger(label: "search-queries-test")
            let queries = SearchQueries(capacity: 2)
            for text in ["amour paris", "-nuit \"été indien\"", "l'été"] {
                let bound = try await queries.tsquery(for: text, client: client, logger: logger)
                // The bound text reads back as the very tsquery the function makes.
                let same = try await client.query(
                    "SELECT \(bound)::tsquery = catalog_query(\(text)) AND \(bound) <> ''", logger: logger
                ).decode(Bool.self).allElements()
                #expect(same == [true], "\(text) → \(bound)")
            }
            // Three texts with room for two: the third found the map full and started it again.
            #expect(queries.count == 1)
            _ = try await queries.tsquery(for: "l'été", client: client, logger: logger)
            #expect(queries.count == 1)
            _ = try await queries.tsquery(for: "amour paris", client: client, logger: logger)
            #expect(queries.count == 2)
        }
    }

    @Test("every GIN index of catalog's schema writes straight into the index: no pending list to scan")
    func noPendingList() async throws {
        try await TestDatabase.withClient(as: "catalog") { client in
            let logger = Logger(label: "search-queries-test")
            let indexes = try await client.query(
                """
                SELECT i.relname, coalesce('fastupdate=off' = ANY(i.reloptions), false)
                FROM pg_class i JOIN pg_am am ON am.oid = i.relam
                WHERE i.relnamespace = current_schema()::regnamespace AND am.amname = 'gin' ORDER BY 1
                """, logger: logger
            ).decode((String, Bool).self).allElements()
            #expect(indexes.count == 1 + CatalogMigrations.filterIndexes.count, "\(indexes)")
            for (index, off) in indexes { #expect(off, "\(index) keeps a pending list (fastupdate)") }
        }
    }
}
