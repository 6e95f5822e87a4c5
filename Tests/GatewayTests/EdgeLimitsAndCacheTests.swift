import AsyncHTTPClient
import Foundation
import Logging
import NIOHTTP1
import NIOSSL
import Redis
import ServiceKit
import TestSupport
import Testing

@testable import Gateway

/// Rate limits and the response cache, with the suite's Redis (`make test` starts it).
@Suite("gateway edge: rate limits, cache, TLS, docs")
struct EdgeLimitsAndCacheTests {
    static var redisURL: String? {
        if TestEnvironment.redisURL == nil, ProcessInfo.processInfo.environment["HS_REQUIRE_INTEGRATION"] == "1" {
            fatalError("HS_TEST_REDIS_URL is not set: run through scripts/test")
        }
        return TestEnvironment.redisURL
    }

    /// Runs `body` with a stand-in upstream, a JWKS issuer and `count` gateways sharing `values`.
    func withGateways(
        _ count: Int, _ values: [String: String],
        _ body: ([EdgeGateway], FakeUpstream, TestIssuer) async throws -> Void
    ) async throws {
        let upstream = FakeUpstream()
        let issuer = TestIssuer()
        let (upstreamPort, upstreamTask) = try await launch(upstream.router())
        let (jwksPort, jwksTask) = try await launch(issuer.router())
        var gateways: [EdgeGateway] = []
        for _ in 0..<count {
            gateways.append(try await EdgeGateway.start(upstreamPort: upstreamPort, jwksPort: jwksPort, values))
        }
        do { try await body(gateways, upstream, issuer) } catch {
            for gateway in gateways { await gateway.stop() }
            throw error
        }
        for gateway in gateways { await gateway.stop() }
        upstreamTask.cancel()
        jwksTask.cancel()
    }

    /// A client address no earlier run used (buckets live in Redis for a while).
    static func freshAddress() -> String { "198.18.\(Int.random(in: 0...255)).\(Int.random(in: 1...254))" }

    @Test("login is rate limited per client address across two gateways sharing Redis: 429, Retry-After, RateLimit-*")
    func sharedRateLimit() async throws {
        let redis = try #require(Self.redisURL)
        let values = [
            "redis.url": redis, "proxy.trusted": "127.0.0.1/32", "ratelimit.routes": "POST auth /login 3/60",
        ]
        try await withGateways(2, values) { gateways, _, _ in
            let client = Self.freshAddress()
            var remaining: [String] = []
            for attempt in 0..<3 {
                let reply = try await Exchange.send(
                    "\(gateways[attempt % 2].url)/api/auth/login", method: .POST,
                    headers: [("X-Forwarded-For", client)], body: "{}")
                #expect(reply.status != 429)
                #expect(reply.headers.first(name: "RateLimit-Limit") == "3")
                remaining.append(reply.headers.first(name: "RateLimit-Remaining") ?? "")
            }
            #expect(remaining == ["2", "1", "0"], "the two gateways draw from one bucket")
            let refused = try await Exchange.send(
                "\(gateways[1].url)/api/auth/login", method: .POST, headers: [("X-Forwarded-For", client)], body: "{}")
            #expect(refused.status == 429)
            #expect(refused.headers.first(name: "Content-Type") == "application/problem+json")
            #expect(refused.json["code"] as? String == "rate-limited")
            let retryAfter = try #require(Int(refused.headers.first(name: "Retry-After") ?? ""))
            #expect((1...20).contains(retryAfter), "one token comes back every 20 s")
            #expect(refused.headers.first(name: "RateLimit-Remaining") == "0")
            #expect(refused.headers.first(name: "RateLimit-Policy") == "3;w=60")
            // Another client address has its own bucket; other routes use the default rule.
            let other = try await Exchange.send(
                "\(gateways[0].url)/api/auth/login", method: .POST,
                headers: [("X-Forwarded-For", Self.freshAddress())], body: "{}")
            #expect(other.status != 429)
            let metrics = renderedMetrics()
            #expect(metrics.contains("gateway_ratelimit_rejections_total{upstream=\"auth\"}"))
        }
    }

    @Test("a large shared bucket is drawn from in leases: fewer Redis calls, never more admitted than it holds")
    func leasedRateLimit() async throws {
        let redisURL = try #require(Self.redisURL)
        let values = [
            "redis.url": redisURL, "proxy.trusted": "127.0.0.1/32", "ratelimit.routes": "POST auth /login 200/3600000",
            // Leases that outlive a slow test machine's calls: the bound checked below is exact.
            "ratelimit.lease.ms": "60000",
        ]
        let redis = RedisClient(config: try #require(RedisConfig(url: redisURL)), logger: Logger(label: "t"))
        defer { redis.shutdown() }
        try await withGateways(2, values) { gateways, _, _ in
            let client = Self.freshAddress()
            func login(_ gateway: Int) async throws -> Int {
                try await Exchange.send(
                    "\(gateways[gateway].url)/api/auth/login", method: .POST,
                    headers: [("X-Forwarded-For", client)], body: "{}"
                ).status
            }
            #expect(try await login(0) == 200)
            let key = "hs:rl:POST auth /login:ip:\(client)"
            let level = try await redis.command(["HGET", key, "tokens"])
            let tokens = try #require(level.bytes.flatMap { Double(String(decoding: $0, as: UTF8.self)) })
            #expect(tokens.rounded() == 196, "one call took a lease of 4 (200 / 50) from Redis")
            var statuses: [Int] = []
            for attempt in 0..<219 { statuses.append(try await login(attempt % 2)) }
            let admitted = statuses.filter { $0 == 200 }.count + 1
            #expect(admitted <= 200, "the two gateways together never admit more than the bucket holds")
            #expect(admitted >= 194, "at most a lease's unspent rest per gateway goes unused")
            #expect(statuses.suffix(10).allSatisfy { $0 == 429 })
        }
    }

    @Test("without Redis each gateway keeps its own buckets; a user's bucket follows the user across addresses")
    func localAndPerUserLimits() async throws {
        try await withGateways(2, ["proxy.trusted": "127.0.0.1/32", "ratelimit.routes": "POST auth /login 2/60"]) {
            gateways, _, _ in
            let client = Self.freshAddress()
            var statuses: [Int] = []
            for gateway in gateways + gateways + gateways {
                let reply = try await Exchange.send(
                    "\(gateway.url)/api/auth/login", method: .POST, headers: [("X-Forwarded-For", client)], body: "{}")
                statuses.append(reply.status)
            }
            #expect(statuses.filter { $0 == 429 }.count == 2, "2 per gateway pass, the third on each is refused")
        }
        try await withGateways(1, ["proxy.trusted": "127.0.0.1/32", "ratelimit.default": "3/60"]) {
            gateways, _, issuer in
            let token = try await issuer.token()
            var statuses: [Int] = []
            for _ in 0..<4 {
                let reply = try await Exchange.send(
                    "\(gateways[0].url)/api/auth/me",
                    headers: [("Authorization", "Bearer \(token)"), ("X-Forwarded-For", Self.freshAddress())])
                statuses.append(reply.status)
            }
            #expect(statuses == [200, 200, 200, 429], "new addresses, same user: the user's bucket runs out")
        }
    }

    @Test(
        "public GETs are cached in Redis: hit, 304 to If-None-Match, bypass with a token, invalidated by writes and events"
    )
    func responseCache() async throws {
        let redis = try #require(Self.redisURL)
        try await withGateways(2, ["redis.url": redis, "cache.routes": "GET catalog /films 300"]) {
            gateways, upstream, issuer in
            let id = UUID().uuidString.lowercased()
            let url = "\(gateways[0].url)/api/catalog/films/\(id)"
            let first = try await Exchange.send(url)
            #expect(first.status == 200)
            #expect(first.headers.first(name: "X-Cache") == "MISS")
            let etag = try #require(first.headers.first(name: "ETag"))
            // The other replica serves the stored answer.
            let second = try await Exchange.send("\(gateways[1].url)/api/catalog/films/\(id)")
            #expect(second.headers.first(name: "X-Cache") == "HIT")
            #expect(second.body == first.body)
            #expect(second.headers.first(name: "ETag") == etag)
            #expect(upstream.count("film") == 1)
            let conditional = try await Exchange.send(url, headers: [("If-None-Match", etag)])
            #expect(conditional.status == 304)
            #expect(conditional.body.isEmpty)
            #expect(upstream.count("film") == 1)
            // A caller with a token may get a personal answer: not served from or stored in the cache.
            let token = try await issuer.token()
            let personal = try await Exchange.send(url, headers: [("Authorization", "Bearer \(token)")])
            #expect(personal.headers.first(name: "X-Cache") == nil)
            #expect(upstream.count("film") == 2)

            // An edit through the gateway invalidates at once (RFC 9111 §4.4).
            let edit = try await Exchange.send(
                url, method: .PUT, headers: [("Authorization", "Bearer \(token)")], body: "{\"title\":\"x\"}")
            #expect(edit.status == 200)
            let afterEdit = try await Exchange.send("\(gateways[1].url)/api/catalog/films/\(id)")
            #expect(afterEdit.headers.first(name: "X-Cache") == "MISS")
            #expect(afterEdit.body.contains("Film v2"))
            #expect(
                try await Exchange.send(url, headers: [("If-None-Match", etag)]).status == 200,
                "old ETag no longer matches")

            // An edit made elsewhere arrives as a catalog.film.* event: the invalidator's action.
            upstream.filmVersion.add(1, ordering: .relaxed)
            #expect(try await Exchange.send(url).body.contains("Film v2"), "still cached until the event")
            let cache = try #require(gateways[0].parts.cache)
            try await cache.invalidate(service: "catalog", item: "films/\(UUID().uuidString)")
            #expect(try await Exchange.send(url).body.contains("Film v2"), "another film's change leaves this page")
            try await cache.invalidate(service: "catalog", item: "films/\(id.uppercased())")
            #expect(try await Exchange.send(url).body.contains("Film v3"))

            let metrics = renderedMetrics()
            #expect(metrics.contains("gateway_cache_requests_total{result=\"hit\"}"))
            #expect(
                metrics.contains(
                    "gateway_upstream_duration_seconds_count{upstream=\"catalog\",route=\"/films\",status=\"200\"}"))
        }
        #expect(ResponseCache.item(path: "/films/AB-1") == "films/ab-1")
        #expect(ResponseCache.item(path: "/people/7/films") == "people/7")
        #expect(ResponseCache.item(path: "/films") == nil)
        #expect(CachePolicy.sharedMaxAge(cacheControl: "public, max-age=60") == 60)
        #expect(CachePolicy.sharedMaxAge(cacheControl: "public, max-age=60, s-maxage=10") == 10)
        #expect(CachePolicy.sharedMaxAge(cacheControl: "private, max-age=60") == nil)
        #expect(CachePolicy.sharedMaxAge(cacheControl: "no-store") == nil)
        #expect(CachePolicy.matches(ifNoneMatch: "W/\"a\", \"b\"", etag: "\"b\""))
        #expect(!CachePolicy.matches(ifNoneMatch: "\"a\"", etag: "\"b\""))
    }

    @Test("the Redis client pipelines concurrent commands and keeps their order; errors and outages are distinct")
    func redisClient() async throws {
        let url = try #require(Self.redisURL)
        let client = RedisClient(config: try #require(RedisConfig(url: url)), logger: Logger(label: "redis-test"))
        defer { client.shutdown() }
        let key = "hs:test:counter:\(UUID().uuidString)"
        let replies = try await withThrowingTaskGroup(of: Int.self) { group in
            for _ in 0..<300 { group.addTask { try await client.command(["INCR", key]).int ?? -1 } }
            return try await group.reduce(into: [Int]()) { $0.append($1) }
        }
        #expect(replies.sorted() == Array(1...300), "every caller got its own reply")
        _ = try await client.command(["EXPIRE", key, "60"])
        await #expect(throws: RedisError.self) { try await client.command(["INCR", key, "extra"]) }
        #expect(client.outages == 0)
        let down = RedisClient(
            config: try #require(RedisConfig(url: "redis://127.0.0.1:1/0")), logger: Logger(label: "t"))
        defer { down.shutdown() }
        await #expect(throws: RedisError.self) { try await down.command(["PING"]) }
        #expect(down.outages == 1)
        #expect(RedisConfig(url: "redis://:s3cret@h:7000/2")?.description == "redis://h:7000/2")
        #expect(RedisConfig(url: "http://h") == nil)
    }

    @Test("Redis down: calls still pass with local rate limits, nothing is served from or put in the cache")
    func redisOutage() async throws {
        let values = [
            "redis.url": "redis://127.0.0.1:1/0", "proxy.trusted": "127.0.0.1/32",
            "ratelimit.routes": "POST auth /login 2/60",
        ]
        try await withGateways(1, values) { gateways, upstream, _ in
            let client = Self.freshAddress()
            var statuses: [Int] = []
            for _ in 0..<3 {
                let reply = try await Exchange.send(
                    "\(gateways[0].url)/api/auth/login", method: .POST, headers: [("X-Forwarded-For", client)],
                    body: "{}")
                statuses.append(reply.status)
            }
            #expect(statuses == [200, 200, 429], "the local buckets take over")
            let url = "\(gateways[0].url)/api/catalog/films/\(UUID().uuidString)"
            for _ in 0..<2 {
                let reply = try await Exchange.send(url)
                #expect(reply.status == 200)
                #expect(reply.headers.first(name: "X-Cache") == nil)
            }
            #expect(upstream.count("film") == 2)
        }
    }

    @Test("TLS termination: HTTP/2 negotiated by ALPN, HSTS on every answer")
    func tlsAndHTTP2() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("edge-tls-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let openssl = Process()
        openssl.executableURL = URL(fileURLWithPath: "/usr/bin/openssl")
        openssl.arguments = [
            "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-days", "1",
            "-subj", "/CN=localhost", "-addext", "subjectAltName=IP:127.0.0.1",
            "-keyout", folder.appendingPathComponent("key.pem").path, "-out",
            folder.appendingPathComponent("cert.pem").path,
        ]
        openssl.standardError = FileHandle.nullDevice
        try openssl.run()
        openssl.waitUntilExit()
        #expect(openssl.terminationStatus == 0)
        let values = [
            "tls.certificate.path": folder.appendingPathComponent("cert.pem").path,
            "tls.key.path": folder.appendingPathComponent("key.pem").path,
        ]
        try await withGateways(1, values) { gateways, _, issuer in
            var tls = TLSConfiguration.makeClientConfiguration()
            tls.certificateVerification = .none
            let client = HTTPClient(
                eventLoopGroupProvider: .singleton, configuration: .init(tlsConfiguration: tls))
            var request = HTTPClientRequest(url: "https://127.0.0.1:\(gateways[0].port)/api/catalog/echo/x")
            request.headers.add(name: "Authorization", value: "Bearer \(try await issuer.token())")
            let response = try await client.execute(request, timeout: .seconds(10))
            #expect(response.status.code == 200)
            #expect(response.version == .http2)
            #expect(response.headers.first(name: "Strict-Transport-Security")?.hasPrefix("max-age=31536000") == true)
            let seen = String(buffer: try await response.body.collect(upTo: 1 << 16))
            #expect(seen.contains("\"x-forwarded-proto\":\"https\""))
            try await client.shutdown()
        }
    }

    @Test("/docs works offline: the page, its assets, the catalogue of documents and the AsyncAPI events")
    func docs() async throws {
        try await withGateways(1, [:]) { gateways, _, _ in
            let base = gateways[0].url
            let page = try await Exchange.send("\(base)/docs")
            #expect(page.status == 200)
            #expect(page.body.contains("/docs/docs.js"))
            #expect(page.headers.first(name: "Content-Security-Policy")?.contains("script-src 'self'") == true)
            for (asset, type) in [("docs.js", "text/javascript"), ("docs.css", "text/css")] {
                let reply = try await Exchange.send("\(base)/docs/\(asset)")
                #expect(reply.status == 200)
                #expect(reply.headers.first(name: "Content-Type")?.hasPrefix(type) == true)
            }
            let catalogue = try await Exchange.send("\(base)/docs/catalogue.json").json
            let names = (catalogue["openapi"] as? [[String: Any]] ?? []).compactMap { $0["name"] as? String }
            #expect(Set(names) == Set(GatewayConfig.services + ["gateway"]))
            let events = try await Exchange.send("\(base)/docs/asyncapi.json")
            #expect(events.status == 200)
            #expect(events.json["asyncapi"] as? String != nil)
            #expect(try await Exchange.send("\(base)/docs/nothing.js").status == 404)
        }
    }
}
