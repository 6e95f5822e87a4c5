import Configuration
import Foundation
import HTTPTypes
import NIOCore
import Redis

/// The gateway's settings (see the README for every key and its default).
struct GatewayConfig: Sendable {
    static let services = ["auth", "catalog", "scheduling", "payments", "notifications"]
    static let defaultRateLimits =
        "POST auth /login 10/60; POST auth /register 10/600; POST auth /password-reset 5/300; "
        + "POST auth /password-reset/confirm 20/300; POST auth /refresh 60/60; POST payments /checkouts 20/60"
    static let defaultCacheRoutes =
        "GET catalog /films 300; GET catalog /categories 300; GET catalog /genres 300; GET catalog /people 300"

    var upstreams: [String: String]
    var upstreamTimeout: Duration
    var routeTimeouts: RouteTable<Duration>
    var streamTimeout: Duration
    var upstreamConnections: Int
    /// Plain GETs forwarded in the channel pipeline (`ChannelForwarding`), not by the router.
    var channelForwarding: Bool
    var retries: Int
    var breaker: CircuitBreaker.Settings
    var maxBodyBytes: Int
    var routeBodyLimits: RouteTable<Int>
    var allowedOrigins: Set<String>
    var trustedProxies: [IPRange]
    var rateLimits: RateLimitSettings
    var cacheRoutes: RouteTable<Int>
    var redis: RedisConfig?
    var tls: TLSSettings?
    var asyncAPIPath: String
    /// The web app's build (`web.root`; empty: no web app) and the origins its images come from.
    var webRoot: String
    var webImageSources: [String]

    init(reader: ConfigReader) throws {
        var upstreams: [String: String] = [:]
        for service in Self.services {
            let url = try reader.requiredString(forKey: ConfigKey("upstream.\(service).url"))
            upstreams[service] = url.hasSuffix("/") ? String(url.dropLast()) : url
        }
        self.upstreams = upstreams
        upstreamTimeout = .seconds(reader.int(forKey: "upstream.timeout.seconds", default: 30))
        routeTimeouts = try RouteTable(reader.string(forKey: "timeout.routes", default: ""), key: "timeout.routes") {
            Double($0).map { .milliseconds(Int($0 * 1000)) }
        }
        streamTimeout = .seconds(reader.int(forKey: "stream.timeout.seconds", default: 3600))
        upstreamConnections = reader.int(forKey: "upstream.connections.max", default: 256)
        channelForwarding = reader.bool(forKey: "upstream.channel.forwarding", default: true)
        retries = max(0, reader.int(forKey: "upstream.retries", default: 2))
        breaker = CircuitBreaker.Settings(
            failures: max(1, reader.int(forKey: "breaker.failures", default: 5)),
            openFor: .milliseconds(reader.int(forKey: "breaker.open.ms", default: 10_000)))
        maxBodyBytes = reader.int(forKey: "body.max.bytes", default: 1 << 20)
        routeBodyLimits = try RouteTable(reader.string(forKey: "body.routes", default: ""), key: "body.routes") {
            Int($0)
        }
        allowedOrigins = Self.list(reader.string(forKey: "cors.allowed.origins", default: ""))
        trustedProxies = try Self.list(reader.string(forKey: "proxy.trusted", default: "")).sorted().map {
            guard let range = IPRange($0) else { throw GatewayConfigError("proxy.trusted: \($0)") }
            return range
        }
        rateLimits = try RateLimitSettings(reader: reader)
        cacheRoutes = try RouteTable(
            reader.string(forKey: "cache.routes", default: Self.defaultCacheRoutes), key: "cache.routes"
        ) { Int($0) }
        let redisURL = reader.string(forKey: "redis.url", isSecret: true, default: "")
        redis = redisURL.isEmpty ? nil : RedisConfig(url: redisURL)
        if !redisURL.isEmpty, redis == nil {
            throw GatewayConfigError("redis.url: expected redis://[:password@]host[:port][/db]")
        }
        tls = try TLSSettings(reader: reader)
        if tls == nil, !reader.bool(forKey: "http.plaintext", default: false) {
            throw GatewayConfigError(
                "no TLS: set tls.certificate.path and tls.key.path, or http.plaintext=true for local "
                    + "use or behind a TLS-terminating ingress")
        }
        asyncAPIPath = reader.string(forKey: "docs.asyncapi.path", default: "docs/asyncapi.json")
        webRoot = reader.string(forKey: "web.root", default: "")
        webImageSources = reader.string(forKey: "web.img.sources", default: "https://image.tmdb.org")
            .split(separator: " ").map(String.init)
    }

    /// Timeout of a call: the route's, else the default; event streams get `stream.timeout.seconds`.
    func timeout(method: HTTPRequest.Method, service: String, path: String, acceptsEventStream: Bool) -> Duration {
        if acceptsEventStream { return streamTimeout }
        return routeTimeouts.rule(method: method, service: service, path: path)?.value ?? upstreamTimeout
    }

    func bodyLimit(method: HTTPRequest.Method, service: String, path: String) -> Int {
        routeBodyLimits.rule(method: method, service: service, path: path)?.value ?? maxBodyBytes
    }

    static func list(_ text: String) -> Set<String> {
        Set(text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty })
    }
}

/// Rate limits: `ratelimit.enabled` (true), `ratelimit.default` ("300/60": a bucket of 300 tokens
/// refilled over 60 s, per client address and per user), `ratelimit.routes` (tighter buckets),
/// `ratelimit.lease.ms` (see `TokenLeases`).
struct RateLimitSettings: Sendable {
    var enabled: Bool
    var standard: RateLimit
    var routes: RouteTable<RateLimit>
    /// How long a replica keeps tokens it leased from Redis (`ratelimit.lease.ms`, 1000).
    var leaseLifetime: Duration = .seconds(1)

    init(reader: ConfigReader) throws {
        enabled = reader.bool(forKey: "ratelimit.enabled", default: true)
        let text = reader.string(forKey: "ratelimit.default", default: "300/60")
        guard let standard = RateLimit(text) else {
            throw GatewayConfigError("ratelimit.default: expected capacity/seconds, got \(text)")
        }
        self.standard = standard
        leaseLifetime = .milliseconds(max(1, reader.int(forKey: "ratelimit.lease.ms", default: 1000)))
        routes = try RouteTable(
            reader.string(forKey: "ratelimit.routes", default: GatewayConfig.defaultRateLimits),
            key: "ratelimit.routes", exact: true, parse: RateLimit.init)
    }

    init(enabled: Bool, standard: RateLimit, routes: RouteTable<RateLimit>) {
        self.enabled = enabled
        self.standard = standard
        self.routes = routes
    }
}

/// `capacity/seconds`: up to `capacity` requests at once, refilled evenly over `seconds`.
struct RateLimit: Sendable, Equatable {
    var capacity: Int
    var seconds: Int

    init?(_ text: String) {
        let parts = text.split(separator: "/")
        guard parts.count == 2, let capacity = Int(parts[0]), let seconds = Int(parts[1]), capacity > 0, seconds > 0
        else { return nil }
        self.capacity = capacity
        self.seconds = seconds
    }
}

/// TLS termination: `tls.certificate.path` and `tls.key.path` (PEM) turn it on, with HTTP/2 and
/// HTTP/1.1 negotiated by ALPN and `Strict-Transport-Security` (`tls.hsts.max.age`, one year).
/// Without them the gateway starts only if `http.plaintext` is true (local use, or TLS ended by
/// an ingress in front).
struct TLSSettings: Sendable {
    var certificatePath: String
    var keyPath: String
    var hstsMaxAge: Int

    init?(reader: ConfigReader) throws {
        let certificate = reader.string(forKey: "tls.certificate.path", default: "")
        let key = reader.string(forKey: "tls.key.path", default: "")
        guard !certificate.isEmpty || !key.isEmpty else { return nil }
        guard !certificate.isEmpty, !key.isEmpty else {
            throw GatewayConfigError("tls: set both tls.certificate.path and tls.key.path")
        }
        certificatePath = certificate
        keyPath = key
        hstsMaxAge = reader.int(forKey: "tls.hsts.max.age", default: 31_536_000)
    }
}
