import Crypto
import Foundation
import HTTPTypes
import Logging
import Metrics
import Redis
import ServiceKit
import Synchronization

/// Public GET answers kept in Redis, shared by the replicas.
///
/// Entries are stale once their *scope's* generation counter moved; an entry records the
/// generation it was fetched under. The answer for one item (`/<collection>/<id>`, e.g. a film
/// page) has the item as its scope; every other answer (lists, searches, pages about several
/// items) has the whole service. A change to an item (its `catalog.film.*` event through
/// `CacheInvalidator`, or a successful unsafe call through the gateway under `/<collection>/<id>`,
/// RFC 9111 §4.4) moves the item's counter and the service's; a Redis outage moves every
/// service's (events may have been missed meanwhile). So a busy catalog empties its cached lists
/// often but keeps the pages of films that did not change. One `MGET` reads the counter and the
/// entry together. Entries expire with their `max-age` (capped per route).
final class ResponseCache: Sendable {
    let redis: RedisClient
    let routes: RouteTable<Int>
    let maxBodyBytes: Int
    let logger: Logger
    private let seenOutages = Atomic<Int>(0)

    init(redis: RedisClient, routes: RouteTable<Int>, maxBodyBytes: Int = 1 << 20, logger: Logger) {
        self.redis = redis
        self.routes = routes
        self.maxBodyBytes = maxBodyBytes
        self.logger = logger
    }

    /// A lookup's result: the entry if fresh, and the generation to store a new one under.
    struct Lookup: Sendable {
        var entry: CachedResponse?
        var generation: Int
        var key: String
        var maxAge: Int
    }

    /// The cache rule of a call, nil when it is not cacheable (not a GET, not a cached route,
    /// or personal: a token or cookies may change the answer).
    func applies(method: HTTPRequest.Method, service: String, path: String, headers: HTTPFields) -> Int? {
        guard method == .get, headers[.authorization] == nil, headers[.cookie] == nil else { return nil }
        return routes.rule(method: method, service: service, path: path)?.value
    }

    func lookup(service: String, target: String, headers: HTTPFields, maxAge: Int) async -> Lookup? {
        await catchUpAfterOutage()
        let key = Self.key(service: service, target: target, headers: headers)
        let path = String(target.prefix { $0 != "?" })
        // Only the item's own answer is scoped to it; `/people/1/films` lists films (service scope).
        let scope = path.split(separator: "/").count == 2 ? Self.item(path: path) : nil
        let generationKey = Self.generationKey(service, item: scope)
        do {
            let reply = try await redis.command(["MGET", generationKey, key])
            guard let values = reply.array, values.count == 2 else { return nil }
            let generation = values[0].int ?? 0
            let entry = values[1].bytes.flatMap(CachedResponse.init(decoding:))
            let fresh = entry.flatMap { $0.head.generation == generation && $0.age() < $0.head.maxAge ? $0 : nil }
            return Lookup(entry: fresh, generation: generation, key: key, maxAge: maxAge)
        } catch {
            logger.debug("cache unavailable", metadata: ["error": "\(error)"])
            return nil
        }
    }

    /// Stores a 200 answer when its `Cache-Control` lets a shared cache keep it.
    func store(_ lookup: Lookup, headers: [(String, String)], body: [UInt8]) async {
        guard body.count <= maxBodyBytes else { return }
        let cacheControl = headers.first { $0.0.lowercased() == "cache-control" }?.1
        guard let upstreamAge = CachePolicy.sharedMaxAge(cacheControl: cacheControl) else { return }
        let ttl = min(upstreamAge, lookup.maxAge)
        var kept: [String: String] = [:]
        for (name, value) in headers where CachedResponse.keptHeaders.contains(name.lowercased()) {
            kept[name.lowercased()] = value
        }
        let entry = CachedResponse(
            head: .init(
                generation: lookup.generation, storedAt: Date().timeIntervalSince1970, maxAge: ttl, headers: kept),
            body: body)
        do {
            _ = try await redis.command([
                Array("SET".utf8), Array(lookup.key.utf8), try entry.encoded(), Array("EX".utf8),
                Array(String(ttl).utf8),
            ])
        } catch {
            logger.debug("cache store failed", metadata: ["error": "\(error)"])
        }
    }

    /// Makes the service's lists stale, and the item's own answer when one is named
    /// (`films/<id>`). An item's counter expires after a day: a counter that starts again from 0
    /// only makes entries stale (they live minutes), never fresh.
    func invalidate(service: String, item: String? = nil) async throws {
        if let item {
            let key = Self.generationKey(service, item: item)
            _ = try await redis.command(["INCR", key])
            _ = try await redis.command(["EXPIRE", key, "86400"])
        }
        _ = try await redis.command(["INCR", Self.generationKey(service)])
    }

    /// The item a path is about: `films/<id>` for `/films/<id>` and below, nil for collections.
    static func item(path: String) -> String? {
        let segments = path.split(separator: "/")
        guard segments.count >= 2 else { return nil }
        return "\(segments[0])/\(segments[1])".lowercased()  // ids as UUIDs, in either case
    }

    /// Services whose answers this cache keeps.
    var services: Set<String> { Set(routes.rules.map(\.service)) }

    private func catchUpAfterOutage() async {
        let outages = redis.outages
        guard outages != seenOutages.load(ordering: .relaxed) else { return }
        do {
            for service in services { try await invalidate(service: service) }
            seenOutages.store(outages, ordering: .relaxed)
            logger.info("cache generations moved after a Redis outage")
        } catch {}
    }

    static func generationKey(_ service: String, item: String? = nil) -> String {
        item.map { "hs:cache:\(service):item:\($0.lowercased()):generation" } ?? "hs:cache:\(service):generation"
    }

    /// The target (path and query) and the request headers the answers vary on.
    static func key(service: String, target: String, headers: HTTPFields) -> String {
        let varying = [headers[.accept] ?? "", headers[.acceptLanguage] ?? "", headers[.acceptEncoding] ?? ""]
        let digest = SHA256.hash(data: Data(([target] + varying).joined(separator: "\n").utf8))
        return "hs:cache:\(service):entry:" + Hex.encode(digest)
    }
}

/// Cache outcomes, counted for `/metrics` (hit ratio = hit / (hit + miss)).
enum CacheMetrics {
    static func record(_ result: String) {
        Counter(label: "gateway_cache_requests_total", dimensions: [("result", result)]).increment()
    }
}
