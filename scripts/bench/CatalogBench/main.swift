import AsyncHTTPClient
import Foundation
import NIOCore

/// Issue 7's figures against the running bench suite (`scripts/bench/run catalog` loads 10,000
/// films first): latency of a filtered full-text search that pages on (first page, then the next
/// two through the cursor), directly at catalog and through the gateway, interleaved in one run.
/// Prints figures; asserts nothing.
let environment = ProcessInfo.processInfo.environment
let gateway = environment["BENCH_GATEWAY_URL"] ?? "http://127.0.0.1:28080"
let catalog = environment["BENCH_CATALOG_URL"] ?? "http://127.0.0.1:28082"
let rounds = Int(environment["BENCH_ROUNDS"] ?? "") ?? 300
let client = HTTPClient.shared

/// A search a moviegoer would type, with filters, then two more pages.
let searches = [
    "q=nuit&genre=drame,thriller&language=fr&runtimeMax=150&limit=20",
    "q=amour%20paris&subtitles=en&yearFrom=1990&limit=20",
    "q=voyage&format=IMAX,3D&ratingMin=5&sort=popularity&limit=20",
    "q=ete&certification=U,10&sort=title&limit=20",
]

func get(_ url: String) async throws -> [String: Any] {
    let response = try await client.execute(HTTPClientRequest(url: url), timeout: .seconds(30))
    let body = try await response.body.collect(upTo: 8 << 20)
    guard response.status.code == 200 else { fatalError("\(url): \(response.status)") }
    return (try JSONSerialization.jsonObject(with: Data(body.readableBytesView))) as? [String: Any] ?? [:]
}

func milliseconds(_ duration: Duration) -> Double {
    (Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18) * 1000
}

/// One search and up to two more pages; the latency of each request, the first page's first.
func session(_ base: String, _ search: String) async throws -> [Double] {
    var samples: [Double] = []
    var cursor: String?
    var pages = 0
    repeat {
        let url = "\(base)?\(search)" + (cursor.map { "&cursor=\($0)" } ?? "")
        var reply: [String: Any] = [:]
        samples.append(milliseconds(try await ContinuousClock().measure { reply = try await get(url) }))
        cursor = reply["nextCursor"] as? String
        pages += 1
    } while cursor != nil && pages < 3
    return samples
}

func percentile(_ sorted: [Double], _ p: Double) -> Double {
    sorted[min(sorted.count - 1, Int(Double(sorted.count) * p))]
}

var direct: [Double] = []
var directFirst: [Double] = []
var viaGateway: [Double] = []
var results: [String: Int] = [:]
for search in searches {  // warm-up, and what each search finds
    let first = try await get("\(catalog)/films?\(search)")
    results[search] = first["total"] as? Int ?? -1
    _ = try await session("\(gateway)/api/catalog/films", search)
}
for round in 0..<rounds {
    let search = searches[round % searches.count]
    let pages = try await session("\(catalog)/films", search)
    direct += pages
    directFirst += pages.prefix(1)
    viaGateway += try await session("\(gateway)/api/catalog/films", search)
}
direct.sort()
directFirst.sort()
viaGateway.sort()
print(
    "== filtered full-text search with pagination, \(environment["BENCH_FILMS"] ?? "10,000") films (\(rounds) sessions each, interleaved)"
)
for search in searches { print("  \(search)  → \(results[search].map { $0 < 0 ? ">1000" : String($0) } ?? "?") films") }
// First pages count the matches; later pages carry the count in their cursor.
for (name, samples) in [("direct  ", direct), ("  first pages", directFirst), ("gateway ", viaGateway)] {
    print(
        String(
            format: "%@ p50 %7.2f ms  p99 %7.2f ms  mean %7.2f ms  (n=%d requests)", name, percentile(samples, 0.5),
            percentile(samples, 0.99), samples.reduce(0, +) / Double(samples.count), samples.count))
}
print(
    String(
        format: "gateway / direct: p50 %.2f×, p99 %.2f×", percentile(viaGateway, 0.5) / percentile(direct, 0.5),
        percentile(viaGateway, 0.99) / percentile(direct, 0.99)))
