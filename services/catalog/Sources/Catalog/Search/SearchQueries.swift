import Logging
import Persistence
import PostgresNIO
import Synchronization

/// The search query of each text typed (`catalog_query`, CatalogMigrations.searchQuery), worked
/// out by PostgreSQL once and remembered, so that a search binds it as a constant. Written as
/// `catalog_query($1)` in the search's statements, the function was folded by the planner where
/// it appeared: three times for a first page (the page's condition and rank, the count's
/// condition), about 1.5 ms of planning each on the 2-core bench machine. At most `capacity`
/// texts are kept; when full they are all forgotten (a bound, not a cache policy).
final class SearchQueries: Sendable {
    private let known = Mutex<[String: String]>([:])
    let capacity: Int

    init(capacity: Int = 512) {
        self.capacity = capacity
    }

    /// The text form of the text's tsquery (it reads back as the same tsquery).
    func tsquery(for text: String, client: PostgresClient, logger: Logger) async throws -> String {
        if let query = known.withLock({ $0[text] }) { return query }
        let rows = try await client.query("SELECT catalog_query(\(text))::text", logger: logger)
        let query = try await rows.decode(String.self).firstElement() ?? ""
        known.withLock { known in
            if known.count >= capacity { known.removeAll(keepingCapacity: true) }
            known[text] = query
        }
        return query
    }

    /// How many texts are remembered (for tests).
    var count: Int { known.withLock { $0.count } }
}
