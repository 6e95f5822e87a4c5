import Blocking
import CRabbitMQ
import Foundation
import Logging
import Synchronization

/// Publishes messages with publisher confirms over its own connection and thread.
///
/// `publish(_:)` sends a whole batch, then waits until the broker confirmed every message of it
/// (a confirm window the size of the batch), which is what makes the outbox relay fast: one
/// round trip per batch instead of one per message. Any failure drops the connection; the next
/// call reconnects, so a broker restart only delays publishing.
public final class AMQPPublisher: Sendable {
    private let config: AMQPConfig
    private let thread: BlockingThread
    private let box = ConnectionBox()
    private let exchange: String?
    public let confirmTimeout: Duration

    /// - Parameter exchange: declared (durable topic) on every (re)connection when given.
    public init(config: AMQPConfig, exchange: String? = nil, confirmTimeout: Duration = .seconds(10)) {
        self.config = config
        self.exchange = exchange
        self.thread = BlockingThread(name: "amqp-publisher")
        self.confirmTimeout = confirmTimeout
    }

    /// The connection is closed on its own thread, which then ends.
    deinit { thread.stop { [box] in box.connection = nil } }

    public func publish(_ messages: [OutgoingMessage]) async throws {
        guard !messages.isEmpty else { return }
        try await thread.run { [self] in
            do {
                try publishBlocking(messages)
            } catch {
                box.connection = nil
                throw error
            }
        }
    }

    /// Opens the connection if it is not open: lets a relay find out early that the broker is back.
    public func connect() async throws {
        try await thread.run { [self] in
            if box.connection == nil { _ = try connect() }
        }
    }

    /// Closes the connection (the next publish would open a new one).
    public func close() async {
        _ = try? await thread.run { [box] in box.connection = nil }
    }

    private func publishBlocking(_ messages: [OutgoingMessage]) throws {
        let connection = try box.connection ?? connect()
        for message in messages { try connection.publish(message) }
        let first = box.nextTag
        box.nextTag += UInt64(messages.count)
        try awaitConfirms(on: connection, upTo: box.nextTag - 1, from: first)
    }

    private func connect() throws -> Connection {
        let connection = try Connection(config: config)
        if let exchange { try connection.declareExchange(exchange) }
        try connection.enableConfirms()
        box.connection = connection
        box.nextTag = 1
        return connection
    }

    /// Reads frames until every delivery tag in `first...last` is acked; a nack fails the batch.
    private func awaitConfirms(on connection: Connection, upTo last: UInt64, from first: UInt64) throws {
        var pending = Set(first...last)
        let deadline = ContinuousClock.now + confirmTimeout
        while !pending.isEmpty {
            guard ContinuousClock.now < deadline else { throw AMQPError("publisher confirms timed out") }
            guard let frame = try connection.readFrame(timeout: .milliseconds(500)),
                frame.frame_type == HS_AMQP_FRAME_METHOD
            else { continue }
            let method = frame.payload.method
            switch method.id {
            case HS_AMQP_BASIC_ACK_METHOD:
                let ack = method.decoded.assumingMemoryBound(to: amqp_basic_ack_t.self).pointee
                if ack.multiple != 0 {
                    pending = pending.filter { $0 > ack.delivery_tag }
                } else {
                    pending.remove(ack.delivery_tag)
                }
            case HS_AMQP_BASIC_NACK_METHOD:
                throw AMQPError("broker refused a message (nack)")
            case HS_AMQP_CHANNEL_CLOSE_METHOD, HS_AMQP_CONNECTION_CLOSE_METHOD:
                throw AMQPError("broker closed the channel")
            default:
                continue
            }
        }
    }
}

/// The publisher's connection; only ever touched on the publisher's thread.
private final class ConnectionBox: @unchecked Sendable {
    var connection: Connection?
    var nextTag: UInt64 = 1
}
