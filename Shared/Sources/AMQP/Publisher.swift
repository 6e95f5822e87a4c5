import Blocking
import CRabbitMQ
import Foundation
import Logging
import Synchronization

/// Publishes messages with publisher confirms over its own connection and thread, keeping at most
/// `window` messages unconfirmed: a sliding confirm window, topped up as the broker's acks arrive.
///
/// `send(_:)` returns once a batch is written (it waits for acks only while the window is full);
/// `confirmed(_:)` waits until the broker confirmed the batch. Between the two, other batches can
/// be sent: the outbox relay reads and sends its next batch while the previous one's confirms are
/// pending. Waiting for confirms happens in slices, so a queued `send` is never held up by it. Any
/// failure drops the connection and fails every batch still unconfirmed on it; the next call
/// reconnects, so a broker restart only delays publishing.
public final class AMQPPublisher: Sendable {
    private let config: AMQPConfig
    private let thread: BlockingThread
    private let box = ConnectionBox()
    private let exchange: String?
    public let confirmTimeout: Duration
    /// The most messages sent and not yet confirmed.
    public let window: Int

    /// A sent batch: its last delivery tag on the connection it was sent on.
    public struct Ticket: Sendable {
        let generation: UInt64
        let last: UInt64
    }

    /// - Parameter exchange: declared (durable topic) on every (re)connection when given.
    public init(
        config: AMQPConfig, exchange: String? = nil, confirmTimeout: Duration = .seconds(10), window: Int = 1000
    ) {
        self.config = config
        self.exchange = exchange
        self.thread = BlockingThread(name: "amqp-publisher")
        self.confirmTimeout = confirmTimeout
        self.window = max(1, window)
    }

    /// The connection is closed on its own thread, which then ends.
    deinit { thread.stop { [box] in box.reset() } }

    /// Sends and waits until the broker confirmed every message.
    public func publish(_ messages: [OutgoingMessage]) async throws {
        guard !messages.isEmpty else { return }
        try await confirmed(try await send(messages))
    }

    /// Writes the messages (waiting for acks only while the window is full).
    public func send(_ messages: [OutgoingMessage]) async throws -> Ticket {
        try await onThread { [self] in
            let connection = try box.connection ?? connect()
            for message in messages {
                while box.unconfirmed >= window {
                    guard try readConfirm(on: connection, timeout: .milliseconds(500)) else {
                        guard ContinuousClock.now < box.lastProgress + confirmTimeout else {
                            throw AMQPError("publisher confirms timed out")
                        }
                        continue
                    }
                }
                try connection.publish(message)
                box.sent()
            }
            return Ticket(generation: box.generation, last: box.nextTag - 1)
        }
    }

    /// Waits until the broker confirmed every message up to the ticket's; fails when a message was
    /// refused or the connection was lost before.
    public func confirmed(_ ticket: Ticket) async throws {
        let deadline = ContinuousClock.now + confirmTimeout
        while true {
            // One slice: read acks until this batch is confirmed or another job waits for the thread.
            let done = try await onThread { [self] () throws -> Bool in
                guard box.generation == ticket.generation, let connection = box.connection else {
                    throw AMQPError("the connection closed before the broker confirmed the messages")
                }
                while box.confirmedThrough < ticket.last {
                    _ = try readConfirm(on: connection, timeout: .milliseconds(2))
                    if thread.hasWaitingJobs { break }
                }
                return box.confirmedThrough >= ticket.last
            }
            if done { return }
            guard ContinuousClock.now < deadline else { throw AMQPError("publisher confirms timed out") }
        }
    }

    /// Opens the connection if it is not open: lets a relay find out early that the broker is back.
    public func connect() async throws {
        try await onThread { [self] in
            if box.connection == nil { _ = try connect() }
        }
    }

    /// Closes the connection (the next publish would open a new one).
    public func close() async {
        _ = try? await thread.run { [box] in box.reset() }
    }

    /// Runs on the publisher's thread; an error drops the connection (and its unconfirmed batches).
    private func onThread<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        try await thread.run { [box] in
            do {
                return try body()
            } catch {
                box.reset()
                throw error
            }
        }
    }

    private func connect() throws -> Connection {
        let connection = try Connection(config: config)
        if let exchange { try connection.declareExchange(exchange) }
        try connection.enableConfirms()
        box.opened(connection)
        return connection
    }

    /// Reads one frame (waiting at most `timeout`) and applies it; true when it was an ack.
    private func readConfirm(on connection: Connection, timeout: Duration) throws -> Bool {
        guard let frame = try connection.readFrame(timeout: timeout), frame.frame_type == HS_AMQP_FRAME_METHOD
        else { return false }
        let method = frame.payload.method
        switch method.id {
        case HS_AMQP_BASIC_ACK_METHOD:
            let ack = method.decoded.assumingMemoryBound(to: amqp_basic_ack_t.self).pointee
            box.acknowledge(ack.delivery_tag, multiple: ack.multiple != 0)
            return true
        case HS_AMQP_BASIC_NACK_METHOD:
            throw AMQPError("broker refused a message (nack)")
        case HS_AMQP_CHANNEL_CLOSE_METHOD, HS_AMQP_CONNECTION_CLOSE_METHOD:
            throw AMQPError("broker closed the channel")
        default:
            return false
        }
    }
}

/// The publisher's connection and its confirm bookkeeping; only ever touched on the publisher's
/// thread. Delivery tags count from 1 per connection; `generation` tells connections apart.
private final class ConnectionBox: @unchecked Sendable {
    var connection: Connection?
    var generation: UInt64 = 0
    var nextTag: UInt64 = 1
    /// Every tag up to this one is acked.
    var confirmedThrough: UInt64 = 0
    /// Tags acked one by one beyond `confirmedThrough`.
    var ackedAhead: Set<UInt64> = []
    var lastProgress = ContinuousClock.now

    var unconfirmed: Int { Int(nextTag - 1 - confirmedThrough) - ackedAhead.count }

    func opened(_ connection: Connection) {
        self.connection = connection
        generation += 1
        (nextTag, confirmedThrough, ackedAhead) = (1, 0, [])
        lastProgress = .now
    }

    func reset() {
        connection = nil
        generation += 1
    }

    func sent() {
        if unconfirmed == 0 { lastProgress = .now }
        nextTag += 1
    }

    func acknowledge(_ tag: UInt64, multiple: Bool) {
        lastProgress = .now
        if multiple {
            confirmedThrough = max(confirmedThrough, tag)
            ackedAhead = ackedAhead.filter { $0 > confirmedThrough }
        } else if tag > confirmedThrough {
            ackedAhead.insert(tag)
        }
        while ackedAhead.remove(confirmedThrough + 1) != nil { confirmedThrough += 1 }
    }
}
