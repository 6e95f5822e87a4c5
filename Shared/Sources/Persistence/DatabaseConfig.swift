import Configuration
import Foundation
import Logging
import PostgresNIO

/// Connection settings of a service's own database role.
///
/// Keys: `database.host` (default 127.0.0.1), `database.port` (5432), `database.name`
/// (homestudio), `database.user` (required), `database.password` (required, secret),
/// `database.pool.size` (default 20).
public struct DatabaseConfig: Sendable {
    public var host: String
    public var port: Int
    public var name: String
    public var user: String
    public var password: String
    public var poolSize: Int

    public init(reader: ConfigReader) throws {
        host = reader.string(forKey: "database.host", default: "127.0.0.1")
        port = reader.int(forKey: "database.port", default: 5432)
        name = reader.string(forKey: "database.name", default: "homestudio")
        user = try reader.requiredString(forKey: "database.user")
        password = try reader.requiredString(forKey: "database.password", isSecret: true)
        poolSize = reader.int(forKey: "database.pool.size", default: 20)
    }

    public init(host: String, port: Int, name: String, user: String, password: String, poolSize: Int = 10) {
        self.host = host
        self.port = port
        self.name = name
        self.user = user
        self.password = password
        self.poolSize = poolSize
    }

    /// How this process's connections name themselves to PostgreSQL (`application_name`, at most
    /// 63 bytes): the role, the host and the process id, so that `pg_stat_activity` tells one
    /// replica's pool from another's (`DatabasePoolMetrics`).
    public var applicationName: String {
        String("\(user)@\(ProcessInfo.processInfo.hostName)#\(getpid())".utf8.prefix(63)) ?? user
    }

    /// A client for this role; it must run as a service (`client.run()`) before use.
    public func makeClient(logger: Logger) -> PostgresClient {
        var configuration = PostgresClient.Configuration(
            host: host, port: port, username: user, password: password, database: name, tls: .disable
        )
        configuration.options.maximumConnections = poolSize
        configuration.options.connectionIdleTimeout = .seconds(60)
        configuration.options.additionalStartupParameters = [("application_name", applicationName)]
        return PostgresClient(configuration: configuration, backgroundLogger: logger)
    }
}
