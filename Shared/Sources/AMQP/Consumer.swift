import CRabbitMQ
import Foundation
import Glibc
import Logging
import Synchronization

/// Consumes one queue with manual acks and a prefetch window, on its own connection and thread.
///
/// The thread waits on both the socket and an eventfd: acks requested from async code are queued
/// under a lock and the eventfd wakes the thread to send them. (A consumer blocked in a frame read
/// while its acks wait behind it stalls as soon as the prefetch window is full.)
/// On any connection error it reconnects with exponential backoff, re-declares its topology and
/// resumes; acks of deliveries from a previous connection are dropped (the broker redelivers
/// those messages, and the inbox makes the redelivery harmless).
public final class AMQPConsumer: Sendable {
    public let deliveries: AsyncStream<Delivery>
    private let continuation: AsyncStream<Delivery>.Continuation
    private let commands = Mutex<[Command]>([])
    private let running = Atomic<Bool>(true)
    private let receiving = Atomic<Bool>(true)
    private let connected = Atomic<Bool>(false)
    private let wakeFD: Int32
    private let config: AMQPConfig
    private let topology: Topology
    private let prefetch: Int
    private let logger: Logger
    private let consumerTag = "homestudio-\(UUID().uuidString.lowercased())"

    enum Command {
        case ack(UInt64, generation: Int)
        case reject(UInt64, generation: Int, requeue: Bool)
    }

    public init(config: AMQPConfig, topology: Topology, prefetch: Int = 50, logger: Logger) {
        (deliveries, continuation) = AsyncStream.makeStream(of: Delivery.self)
        self.config = config
        self.topology = topology
        self.prefetch = prefetch
        self.logger = logger
        self.wakeFD = hs_eventfd_nonblocking()
        let thread = Thread { [self] in runLoop() }
        thread.name = "amqp-consumer-\(topology.service)"
        thread.start()
    }

    /// True while a connection is open and consuming (used by readiness).
    public var isConnected: Bool { connected.load(ordering: .relaxed) }

    /// Acknowledges a delivery: its effect has committed.
    public func ack(_ delivery: Delivery) { send(.ack(delivery.deliveryTag, generation: delivery.generation)) }

    /// Rejects a delivery: without requeue it is dead-lettered to the retry queue.
    public func reject(_ delivery: Delivery, requeue: Bool = false) {
        send(.reject(delivery.deliveryTag, generation: delivery.generation, requeue: requeue))
    }

    /// Stops handing out deliveries (the stream ends) but keeps the connection so that acks of
    /// work still in flight go out: the first step of a graceful shutdown. Then call `stop()`.
    public func stopReceiving() {
        receiving.store(false, ordering: .relaxed)
        // Ended here too: while the thread waits to reconnect (broker down) it would never end it.
        continuation.finish()
        wake()
    }

    /// Sends the acks requested so far, then disconnects; unacknowledged deliveries return to
    /// the queue.
    public func stop() {
        running.store(false, ordering: .relaxed)
        wake()
    }

    private func send(_ command: Command) {
        commands.withLock { $0.append(command) }
        wake()
    }

    private func wake() {
        var one: UInt64 = 1
        _ = write(wakeFD, &one, 8)
    }

    // MARK: Consumer thread

    private func runLoop() {
        var generation = 0
        var backoff = Duration.milliseconds(200)
        while running.load(ordering: .relaxed) {
            generation += 1
            do {
                let connection = try open()
                connected.store(true, ordering: .relaxed)
                backoff = .milliseconds(200)
                logger.info("consumer connected", metadata: ["queue": "\(topology.workQueue)"])
                try consume(on: connection, generation: generation)
            } catch {
                logger.warning("consumer connection lost", metadata: ["error": "\(error)", "retryIn": "\(backoff)"])
            }
            connected.store(false, ordering: .relaxed)
            guard running.load(ordering: .relaxed) else { break }
            Thread.sleep(
                forTimeInterval: Double(backoff.components.seconds) + Double(backoff.components.attoseconds) / 1e18)
            backoff = min(backoff * 2, .seconds(5))
        }
        continuation.finish()
    }

    /// The eventfd lives as long as the consumer: an ack sent after `stop()` must not write to a
    /// descriptor number that the process has reused since.
    deinit { close(wakeFD) }

    private func open() throws -> Connection {
        let connection = try Connection(config: config)
        try topology.declare(on: connection)
        amqp_basic_qos(connection.state, Connection.channel, 0, UInt16(prefetch), 0)
        try connection.check(amqp_get_rpc_reply(connection.state), "basic.qos")
        let arena = CArena()
        amqp_basic_consume(
            connection.state, Connection.channel, arena.bytes(topology.workQueue), arena.bytes(consumerTag), 0, 0, 0,
            amqp_empty_table)
        try connection.check(amqp_get_rpc_reply(connection.state), "basic.consume")
        return connection
    }

    private func consume(on connection: Connection, generation: Int) throws {
        while running.load(ordering: .relaxed) {
            try flushCommands(on: connection, generation: generation)
            guard receiving.load(ordering: .relaxed) else {
                continuation.finish()
                _ = waitForSocket(connection.socket)
                continue
            }
            if !connection.hasBufferedData, !waitForSocket(connection.socket) { continue }
            try receive(on: connection, generation: generation)
        }
        // Acks requested before `stop()` still go out: their effects have committed. The consumer is
        // then cancelled with a synchronous round trip, so the broker has taken the acks before the
        // connection closes (a quorum queue otherwise may settle the close first and redeliver).
        try flushCommands(on: connection, generation: generation)
        let arena = CArena()
        amqp_basic_cancel(connection.state, Connection.channel, arena.bytes(consumerTag))
        _ = amqp_get_rpc_reply(connection.state)
    }

    /// Waits until the socket is readable (true) or the eventfd was signalled / 1 s passed (false).
    private func waitForSocket(_ socket: Int32) -> Bool {
        var fds = [
            pollfd(fd: socket, events: Int16(POLLIN), revents: 0),
            pollfd(fd: wakeFD, events: Int16(POLLIN), revents: 0),
        ]
        _ = poll(&fds, 2, 1000)
        if fds[1].revents != 0 {
            var value: UInt64 = 0
            _ = read(wakeFD, &value, 8)
        }
        return fds[0].revents != 0
    }

    private func flushCommands(on connection: Connection, generation current: Int) throws {
        let pending = commands.withLock { queue in
            defer { queue.removeAll() }
            return queue
        }
        for command in pending {
            switch command {
            case .ack(let tag, let generation) where generation == current:
                try connection.checkStatus(amqp_basic_ack(connection.state, Connection.channel, tag, 0), "basic.ack")
            case .reject(let tag, let generation, let requeue) where generation == current:
                try connection.checkStatus(
                    amqp_basic_nack(connection.state, Connection.channel, tag, 0, requeue ? 1 : 0), "basic.nack")
            default:
                continue
            }
        }
    }

    private func receive(on connection: Connection, generation: Int) throws {
        amqp_maybe_release_buffers(connection.state)
        var envelope = amqp_envelope_t()
        var timeout = timeval(tv_sec: 1, tv_usec: 0)
        let reply = amqp_consume_message(connection.state, &envelope, &timeout, 0)
        if reply.reply_type == AMQP_RESPONSE_NORMAL {
            defer { amqp_destroy_envelope(&envelope) }
            continuation.yield(Self.delivery(from: envelope, generation: generation))
            return
        }
        if reply.reply_type == AMQP_RESPONSE_LIBRARY_EXCEPTION, reply.library_error == AMQP_STATUS_TIMEOUT.rawValue {
            return
        }
        if reply.reply_type == AMQP_RESPONSE_LIBRARY_EXCEPTION,
            reply.library_error == AMQP_STATUS_UNEXPECTED_STATE.rawValue
        {
            // A frame other than a delivery: a close means the connection is gone.
            if let frame = try connection.readFrame(timeout: .seconds(1)), frame.frame_type == HS_AMQP_FRAME_METHOD,
                frame.payload.method.id == HS_AMQP_CHANNEL_CLOSE_METHOD
                    || frame.payload.method.id == HS_AMQP_CONNECTION_CLOSE_METHOD
            {
                throw AMQPError("broker closed the channel")
            }
            return
        }
        try connection.check(reply, "consume")
    }

    private static func delivery(from envelope: amqp_envelope_t, generation: Int) -> Delivery {
        let properties = envelope.message.properties
        let flags = properties._flags
        return Delivery(
            body: envelope.message.body.array,
            routingKey: envelope.routing_key.string ?? "",
            messageID: flags & UInt32(AMQP_BASIC_MESSAGE_ID_FLAG) != 0 ? properties.message_id.string : nil,
            type: flags & UInt32(AMQP_BASIC_TYPE_FLAG) != 0 ? properties.type.string : nil,
            headers: flags & UInt32(AMQP_BASIC_HEADERS_FLAG) != 0 ? properties.headers.strings : [:],
            redelivered: envelope.redelivered != 0,
            deliveryTag: envelope.delivery_tag,
            generation: generation
        )
    }
}

extension Topology {
    /// Declares the topology once on a short-lived connection (e.g. before publishing in tests).
    public func declare(config: AMQPConfig) throws {
        let connection = try Connection(config: config)
        try declare(on: connection)
    }
}
