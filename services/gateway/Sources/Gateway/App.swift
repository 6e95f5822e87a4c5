import Configuration
import Hummingbird
import NIOCore
import NIOPosix
import ServiceKit

/// gateway: the one public entry; verifies tokens and routes `/api/<service>/…` to services.
@main
struct GatewayApp {
    static func main() async throws {
        let reader = ConfigReader(provider: EnvironmentVariablesProvider())
        // Event-loop threads (server, upstream pool, and all async work, see below); 0 = one per core.
        let threads = reader.int(forKey: "gateway.threads", default: 0)
        if threads > 0 { NIOSingletons.groupLoopCountSuggestion = threads }
        // The gateway only moves bytes between sockets: running Swift Concurrency's jobs on NIO's
        // event loops spares every call the hops between the two thread pools. Nothing here blocks
        // a thread in async code (Redis and AMQP have their own threads).
        _ = NIOSingletons.unsafeTryInstallSingletonPosixEventLoopGroupAsConcurrencyGlobalExecutor()
        try await ErrorReporter.reportingFailure(of: "gateway", reader: reader) {
            try await Gateway.buildApplication(reader: reader).runService()
        }
    }
}
