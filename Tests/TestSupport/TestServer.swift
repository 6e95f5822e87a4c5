import Hummingbird
import HummingbirdCore
import Logging
import ServiceLifecycle

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
    let (bound, _, task) = try await serve(app, reporting: ports, logger: logger)
    return (bound, task)
}

/// Runs `app` in a service group until the returned task is cancelled: cancelling it starts the
/// group's graceful shutdown, and the task ends once the server has stopped. The server's own task
/// is never cancelled: a server cancelled while a connection it accepted waits to be served drops
/// that connection's `NIOAsyncChannel` unclosed, and NIO traps ("Deinited NIOAsyncWriter without
/// calling finish()", swift-nio#3481: this crashed the whole test process). `ports` yields the port
/// the server bound (from its `onServerRunning`).
public func serve(
    _ app: some Service, reporting ports: AsyncStream<Int>, logger: Logger
) async throws -> (port: Int, group: ServiceGroup, task: Task<Void, any Error>) {
    let group = ServiceGroup(configuration: .init(services: [app], logger: logger))
    let running = Task { try await group.run() }
    let task = Task {
        try await withTaskCancellationHandler {
            try await running.value
        } onCancel: {
            Task { await group.triggerGracefulShutdown() }
        }
    }
    for await bound in ports { return (bound, group, task) }
    task.cancel()
    throw TestFailure("the server did not start")
}
