import Blocking
import Foundation

/// Asks the broker how many messages wait in some queues and how many consumers read them (a
/// passive `queue.declare` each), over its own connection and thread, kept open between calls.
public final class AMQPQueueProbe: Sendable {
    public struct Depth: Sendable, Equatable {
        public var queue: String
        public var messages: Int
        public var consumers: Int
    }

    private let config: AMQPConfig
    private let thread: BlockingThread
    private let box = ProbeConnection()

    public init(config: AMQPConfig) {
        self.config = config
        self.thread = BlockingThread(name: "amqp-probe")
    }

    deinit { thread.stop { [box] in box.connection = nil } }

    /// The depth of each queue; a failure (broker down, a queue missing) drops the connection and
    /// throws, and the next call reconnects.
    public func depths(_ queues: [String]) async throws -> [Depth] {
        try await thread.run { [self] in
            do {
                let connection = try box.connection ?? Connection(config: config)
                box.connection = connection
                return try queues.map { queue in
                    let (messages, consumers) = try connection.inspectQueue(queue)
                    return Depth(queue: queue, messages: messages, consumers: consumers)
                }
            } catch {
                box.connection = nil
                throw error
            }
        }
    }
}

/// The probe's connection; only ever touched on the probe's thread.
private final class ProbeConnection: @unchecked Sendable {
    var connection: Connection?
}
