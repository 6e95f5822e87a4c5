import AsyncHTTPClient
import AuthKit
import Configuration
import Foundation
import Hummingbird
import Logging
import NIOCore
import ServiceKit
import ServiceLifecycle

/// Wiring of the gateway: no database, no events yet; a router, a token verifier and a proxy.
enum Gateway {
    static func buildApplication(reader: ConfigReader) throws -> some ApplicationProtocol {
        let server = HTTPServerConfig(reader: reader)
        let logger = LogSetup.bootstrap(label: "gateway", level: server.logLevel, format: server.logFormat)
        _ = MetricsSetup.registry
        let config = try GatewayConfig(reader: reader)
        let verifier = TokenVerifier(config: try TokenVerifierConfig(reader: reader), logger: logger)
        let upstream = HTTPClient(
            eventLoopGroupProvider: .singleton,
            configuration: .init(
                connectionPool: .init(
                    idleTimeout: .seconds(60), concurrentHTTP1ConnectionsPerHostSoftLimit: config.upstreamConnections)))
        return Application(
            router: router(config: config, verifier: verifier, client: upstream),
            configuration: .init(address: .hostname(server.host, port: server.port), serverName: "gateway"),
            services: [ClientShutdown(client: upstream)],
            logger: logger)
    }
}

/// Shuts the upstream HTTP client down when the gateway stops.
struct ClientShutdown: Service {
    let client: HTTPClient

    func run() async throws {
        try? await gracefulShutdown()
        try await client.shutdown()
    }
}

extension Gateway {
    static func router(config: GatewayConfig, verifier: TokenVerifier, client: HTTPClient = .shared)
        -> Router<ServiceRequestContext>
    {
        let router = ServiceRouter.make(
            openAPI: GatewayOpenAPI.document,
            readiness: [ReadinessCheck("jwks") { await verifier.canReachJWKS() }])
        router.add(middleware: EdgeHeadersMiddleware(allowedOrigins: config.allowedOrigins))
        ProxyController(
            upstreams: config.upstreams, client: client, access: AccessPolicy(verifier: verifier),
            timeout: config.upstreamTimeout
        ).addRoutes(to: router)
        DocsController(services: config.upstreams.keys.sorted()).addRoutes(to: router)
        return router
    }
}

/// The gateway's settings.
///
/// Keys: `upstream.<service>.url` for auth, catalog, scheduling, payments and notifications
/// (required), `upstream.timeout.seconds` (30), `upstream.connections.max` (256: keep-alive
/// connections per upstream; requests beyond them wait), `cors.allowed.origins` (comma-separated
/// origins allowed to call the API from a browser; none by default), plus `auth.jwks.url`, `auth.issuer`,
/// `auth.audience`.
struct GatewayConfig: Sendable {
    static let services = ["auth", "catalog", "scheduling", "payments", "notifications"]
    var upstreams: [String: String]
    var upstreamTimeout: TimeAmount
    var upstreamConnections: Int
    var allowedOrigins: Set<String>

    init(reader: ConfigReader) throws {
        var upstreams: [String: String] = [:]
        for service in Self.services {
            let url = try reader.requiredString(forKey: ConfigKey("upstream.\(service).url"))
            upstreams[service] = url.hasSuffix("/") ? String(url.dropLast()) : url
        }
        self.upstreams = upstreams
        upstreamTimeout = .seconds(Int64(reader.int(forKey: "upstream.timeout.seconds", default: 30)))
        upstreamConnections = reader.int(forKey: "upstream.connections.max", default: 256)
        allowedOrigins = Set(
            reader.string(forKey: "cors.allowed.origins", default: "").split(separator: ",")
                .map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty })
    }
}
