import AsyncHTTPClient
import AuthKit
import Configuration
import Foundation
import Hummingbird
import HummingbirdCore
import HummingbirdHTTP2
import HummingbirdTLS
import Logging
import Messaging
import NIOCore
import NIOSSL
import Redis
import ServiceKit
import ServiceLifecycle

/// Wiring of the gateway: no database; a router, a token verifier, rate limits and a response
/// cache (Redis, when configured), the upstream pool, and the cache invalidation consumer.
enum Gateway {
    static func buildApplication(reader: ConfigReader) throws -> some ApplicationProtocol {
        let server = HTTPServerConfig(reader: reader)
        let logger = LogSetup.bootstrap(label: "gateway", level: server.logLevel, format: server.logFormat)
        _ = MetricsSetup.registry
        let config = try GatewayConfig(reader: reader)
        let parts = try Parts(config: config, reader: reader, logger: logger)
        let health = HealthController(
            readiness: [ReadinessCheck("jwks") { await parts.verifier.holdsKeys() }],
            dependencies: [ReadinessCheck("jwksRefresh") { await parts.verifier.canReachJWKS() }]
                + (parts.redis.map { redis in [ReadinessCheck("redis") { await redis.isReachable() }] } ?? []))
        // The internal listener first, so that it stops last.
        var services: [any Service] = [
            InternalServer.application(config: server, health: health, name: "gateway", logger: logger),
            ClientShutdown(client: parts.client, redis: parts.redis),
        ]
        if let cache = parts.cache {
            let broker = BrokerConfig(reader: reader)
            services.append(CacheInvalidator(cache: cache, broker: broker, logger: logger))
            // The depth of its queues, as the consuming services report theirs.
            services.append(
                QueueDepthMonitor(broker: broker, topology: CacheInvalidator.topology(broker), logger: logger))
        }
        return Application(
            router: router(parts: parts),
            server: try serverBuilder(
                tls: config.tls, fastPath: fastPath(parts: parts), forwarding: forwarding(parts: parts)),
            configuration: .init(address: .hostname(server.host, port: server.port), serverName: "gateway"),
            services: services,
            logger: logger)
    }

    /// HTTP/1.1 in plain text (local use, or behind an ingress that ends TLS), with the web app's
    /// files answered (`WebFastPath`) and plain API calls forwarded (`ApiFastPath`) in the channel
    /// pipeline; or TLS with HTTP/2 and HTTP/1.1 negotiated by ALPN, where the router answers
    /// everything.
    static func serverBuilder(
        tls: TLSSettings?, fastPath: WebFastPath.Server? = nil, forwarding: ApiFastPath.Server? = nil
    ) throws -> HTTPServerBuilder {
        guard let tls else {
            return .http1(configuration: .init(additionalChannelHandlers: channelHandlers(fastPath, forwarding)))
        }
        let certificates = try NIOSSLCertificate.fromPEMFile(tls.certificatePath).map {
            NIOSSLCertificateSource.certificate($0)
        }
        let key = try NIOSSLPrivateKey(file: tls.keyPath, format: .pem)
        let configuration = TLSConfiguration.makeServerConfiguration(
            certificateChain: certificates, privateKey: .privateKey(key))
        return try .http2Upgrade(tlsConfiguration: configuration)
    }

    /// A new connection's handlers: a problem+json answer to what is not HTTP, the web app's files,
    /// then the API forwarding.
    static func channelHandlers(_ fastPath: WebFastPath.Server?, _ forwarding: ApiFastPath.Server?)
        -> [any RemovableChannelHandler]
    {
        var handlers: [any RemovableChannelHandler] = [MalformedRequestHandler()]
        if let fastPath { handlers.append(WebFastPath(server: fastPath)) }
        if let forwarding { handlers.append(ApiFastPath(server: forwarding)) }
        return handlers
    }

    static func router(parts: Parts) -> Router<ServiceRequestContext> {
        let config = parts.config
        let router = ServiceRouter.make(openAPI: GatewayOpenAPI.document, inspectsBodies: false)
        router.add(middleware: AccessLogMiddleware())
        router.add(
            middleware: EdgeHeadersMiddleware(allowedOrigins: config.allowedOrigins, hstsMaxAge: config.tls?.hstsMaxAge)
        )
        ProxyController(
            config: config, upstreams: parts.upstreams, access: parts.access, limiter: parts.limiter,
            cache: parts.cache, addresses: parts.headers.addresses, scheme: parts.headers.scheme
        ).addRoutes(to: router)
        DocsController(
            services: config.upstreams.keys.sorted(), asyncAPIPath: config.asyncAPIPath, logger: parts.logger
        )
        .addRoutes(to: router)
        parts.web.addRoutes(to: router)
        return router
    }

    /// The web app's answers at the channel level, with the edge's headers and the access log.
    static func fastPath(parts: Parts) -> WebFastPath.Server {
        WebFastPath.Server(
            web: parts.web, hstsMaxAge: parts.config.tls?.hstsMaxAge, corsOrigins: parts.config.allowedOrigins,
            serverName: "gateway", logger: parts.logger)
    }

    /// Plain API calls forwarded at the channel level, with the router's upstreams (their breakers),
    /// limiter (its leases) and access policy; nil when `upstream.channel.forwarding` is false.
    static func forwarding(parts: Parts) -> ApiFastPath.Server? {
        guard parts.config.channelForwarding else { return nil }
        return ApiFastPath.Server(
            forwarding: ChannelForwarding(
                upstreams: parts.upstreams, access: parts.access, limiter: parts.limiter, cache: parts.cache,
                headers: parts.headers, config: parts.config, logger: parts.logger),
            connections: UpstreamConnections(maximumIdle: parts.config.upstreamConnections))
    }

    /// What the router is built from (separate so that tests can build several gateways).
    struct Parts: Sendable {
        var config: GatewayConfig
        var verifier: TokenVerifier
        var client: HTTPClient
        var redis: RedisClient?
        var cache: ResponseCache?
        var web: WebController
        var logger: Logger
        /// Shared by the router's and the channel-level forwarding.
        var upstreams: [String: Upstream]
        var access: AccessPolicy
        var limiter: RateLimiter
        var headers: ForwardedHeaders

        init(config: GatewayConfig, reader: ConfigReader, logger: Logger) throws {
            try self.init(config: config, verifier: TokenVerifierConfig(reader: reader), logger: logger)
        }

        init(config: GatewayConfig, verifier: TokenVerifierConfig, logger: Logger) throws {
            // Metrics first: counters made before swift-metrics is bootstrapped would go nowhere.
            _ = MetricsSetup.registry
            self.config = config
            self.logger = logger
            self.verifier = TokenVerifier(config: verifier, logger: logger)
            var upstream = HTTPClient.Configuration(
                timeout: .init(connect: .seconds(2)),
                connectionPool: .init(
                    idleTimeout: .seconds(60), concurrentHTTP1ConnectionsPerHostSoftLimit: config.upstreamConnections))
            upstream.tracing.tracer = nil  // no tracer is bootstrapped; skips per-call span bookkeeping
            client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: upstream)
            redis = config.redis.map { RedisClient(config: $0, logger: logger) }
            cache = redis.map { ResponseCache(redis: $0, routes: config.cacheRoutes, logger: logger) }
            web = WebController(files: WebFiles(root: config.webRoot), imageSources: config.webImageSources)
            let client = client
            upstreams = Dictionary(
                uniqueKeysWithValues: config.upstreams.map { name, base in
                    (
                        name,
                        Upstream(
                            name: name, base: base, client: client,
                            breaker: CircuitBreaker(settings: config.breaker), retries: config.retries,
                            durations: UpstreamDurations(service: name))
                    )
                })
            access = AccessPolicy(verifier: self.verifier)
            limiter = RateLimiter(settings: config.rateLimits, redis: redis, logger: logger)
            headers = ForwardedHeaders(
                addresses: ClientAddress(trusted: config.trustedProxies), scheme: config.tls == nil ? "http" : "https")
        }
    }
}

/// Shuts the upstream HTTP client and the Redis connections down when the gateway stops.
struct ClientShutdown: Service {
    let client: HTTPClient
    let redis: RedisClient?

    func run() async throws {
        try? await gracefulShutdown()
        redis?.shutdown()
        try await client.shutdown()
    }
}
