import AuthKit
import Configuration
import Hummingbird
import Logging
import Messaging
import Persistence
import PostgresNIO
import ServiceKit
import ServiceLifecycle

/// What a service's controllers and handlers are built from.
public struct ServiceDependencies: Sendable {
    public let name: String
    public let reader: ConfigReader
    public let logger: Logger
    public let database: PostgresClient
    public let verifier: TokenVerifier

    public init(name: String, reader: ConfigReader, logger: Logger, database: PostgresClient, verifier: TokenVerifier) {
        self.name = name
        self.reader = reader
        self.logger = logger
        self.database = database
        self.verifier = verifier
    }
}

/// Builds a standard Homestudio service: configuration, JSON logs, its database client and
/// migrations, the outbox relay and event consumer, token verification, and an HTTP server with
/// health, metrics, OpenAPI and problem+json. A service supplies only its own parts.
public struct ServiceBlueprint: Sendable {
    public var name: String
    public var migrations: [Migration]
    public var openAPI: OpenAPIDocument
    public var handlers: @Sendable (ServiceDependencies) -> EventHandlers?
    /// True when the service consumes events: it then serves its parking lot's routes
    /// (`ParkedMessagesController`, in its OpenAPI document too).
    public var consumes: Bool
    public var routes: @Sendable (Router<ServiceRequestContext>, ServiceDependencies) throws -> Void
    public var backgroundServices: @Sendable (ServiceDependencies) -> [any Service]
    public var afterMigrations: @Sendable (ServiceDependencies) async throws -> Void

    public init(
        name: String, migrations: [Migration], openAPI: OpenAPIDocument,
        handlers: (@Sendable (ServiceDependencies) -> EventHandlers?)? = nil,
        backgroundServices: @escaping @Sendable (ServiceDependencies) -> [any Service] = { _ in [] },
        afterMigrations: @escaping @Sendable (ServiceDependencies) async throws -> Void = { _ in },
        routes: @escaping @Sendable (Router<ServiceRequestContext>, ServiceDependencies) throws -> Void
    ) {
        self.name = name
        self.migrations = migrations
        self.handlers = handlers ?? { _ in nil }
        consumes = handlers != nil
        if consumes {
            self.openAPI = openAPI.adding(ParkedMessagesController.openAPI)
            self.routes = { router, dependencies in
                try routes(router, dependencies)
                ParkedMessagesController(client: dependencies.database, service: dependencies.name)
                    .addRoutes(to: router)
            }
        } else {
            self.openAPI = openAPI
            self.routes = routes
        }
        self.backgroundServices = backgroundServices
        self.afterMigrations = afterMigrations
    }

    public func buildApplication(reader: ConfigReader) throws -> some ApplicationProtocol {
        let server = HTTPServerConfig(reader: reader)
        let logger = LogSetup.bootstrap(label: name, level: server.logLevel, format: server.logFormat)
        // Metrics first: counters and gauges made before the bootstrap would go nowhere.
        _ = MetricsSetup.registry
        let databaseConfig = try DatabaseConfig(reader: reader)
        let database = databaseConfig.makeClient(logger: logger)
        let poolMetrics = DatabasePoolMetrics(
            client: database, config: databaseConfig,
            interval: .seconds(max(1, reader.int(forKey: "database.pool.metrics.seconds", default: 15))), logger: logger
        )
        let broker = BrokerConfig(reader: reader)
        let verifier = TokenVerifier(config: try TokenVerifierConfig(reader: reader), logger: logger)
        let dependencies = ServiceDependencies(
            name: name, reader: reader, logger: logger, database: database, verifier: verifier)
        let messaging = MessagingRuntime(
            service: name, broker: broker, client: database, handlers: handlers(dependencies), logger: logger)
        let gate = StartGate()
        let router = ServiceRouter.make(openAPI: openAPI)
        router.add(middleware: AuthenticationMiddleware(verifier: verifier))
        try routes(router, dependencies)
        // Ready = this instance can serve: the broker only delays events (the outbox keeps them).
        let health = HealthController(
            readiness: [
                ReadinessCheck("database") { await database.isReachable() },
                ReadinessCheck("migrations") { gate.isOpen },
            ],
            dependencies: [ReadinessCheck("broker") { messaging.isBrokerReachable }])
        let internalServer = InternalServer.application(config: server, health: health, name: name, logger: logger)
        var app = Application(
            router: router,
            server: .http1(configuration: .init(additionalChannelHandlers: [MalformedRequestHandler()])),
            configuration: .init(address: .hostname(server.host, port: server.port), serverName: name),
            // The internal listener first, so that it stops last (health answers while draining).
            services: [internalServer, database]
                + (messaging.services + [poolMetrics] + backgroundServices(dependencies)).map {
                    GatedService(inner: $0, gate: gate)
                },
            logger: logger
        )
        let migrations = migrations + Outbox.migrations
        app.beforeServerStarts {
            try await Migrator(client: database, service: name, logger: logger).migrate(migrations)
            try await afterMigrations(dependencies)
            gate.open()
        }
        return app
    }
}
