import AuthKit
import Configuration
import Hummingbird
import Logging
import Persistence
import PostgresNIO
import ServiceKit
import ServiceRuntime

/// Builds a service's router the way the service does (nothing is started or connected) so that
/// a test can compare its routes with its OpenAPI document.
public enum RouteContract {
    public static func dependencies(_ name: String) -> ServiceDependencies {
        let logger = Logger(label: "contract")
        let database = DatabaseConfig(host: "127.0.0.1", port: 1, name: "none", user: "none", password: "none")
            .makeClient(logger: logger)
        let verifier = TokenVerifier(config: .init(jwksURL: "http://127.0.0.1:1/jwks"), logger: logger)
        return ServiceDependencies(
            name: name, reader: ConfigReader(provider: InMemoryProvider(values: [:])), logger: logger,
            database: database, verifier: verifier)
    }

    /// (operations in the document, operations the router serves), both as `METHOD /path/{param}`.
    public static func compare(_ blueprint: ServiceBlueprint) throws -> (documented: Set<String>, served: Set<String>) {
        let router = ServiceRouter.make(openAPI: blueprint.openAPI)
        try blueprint.routes(router, dependencies(blueprint.name))
        return (try blueprint.openAPI.operations(), OpenAPIDocument.operations(of: router))
    }
}
