import Hummingbird
import HummingbirdCore
import Logging

/// Runs a Hummingbird application on loopback (`port` 0: a free one) until the returned task is
/// cancelled, and returns once it accepts connections, with the port it got. The fakes of paid
/// providers and the gateway tests' stand-in services start this way.
public func launch<Responder: HTTPResponderBuilder>(
    _ router: Responder, port: Int = 0, server: HTTPServerBuilder = .http1()
) async throws -> (port: Int, task: Task<Void, any Error>)
where Responder.Responder.Context: InitializableFromSource<ApplicationRequestContextSource> {
    let (ports, continuation) = AsyncStream.makeStream(of: Int.self)
    var logger = Logger(label: "test-server")
    logger.logLevel = .critical
    let app = Application(
        router: router, server: server, configuration: .init(address: .hostname("127.0.0.1", port: port)),
        onServerRunning: { channel in continuation.yield(channel.localAddress?.port ?? 0) }, logger: logger)
    let task = Task { try await app.run() }
    for await bound in ports { return (bound, task) }
    throw TestFailure("the server on port \(port) did not start")
}
