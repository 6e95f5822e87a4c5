import CRabbitMQ
import Foundation

/// One rabbitmq-c connection with channel 1 open.
///
/// Not thread-safe: rabbitmq-c state is confined to the thread that owns it. The publisher and
/// the consumer each create, use and destroy their connection on their own dedicated thread.
final class Connection {
    let state: amqp_connection_state_t
    private var loggedIn = false
    static let channel: amqp_channel_t = 1

    /// Opens and logs in; on failure `deinit` still runs (all properties are set) and frees the state.
    init(config: AMQPConfig, timeoutSeconds: Int = 5) throws {
        guard let state = amqp_new_connection() else { throw AMQPError("cannot allocate a connection") }
        self.state = state
        try open(config: config, timeoutSeconds: timeoutSeconds)
    }

    private func open(config: AMQPConfig, timeoutSeconds: Int) throws {
        guard let socket = amqp_tcp_socket_new(state) else { throw AMQPError("cannot create a socket") }
        var timeout = timeval(tv_sec: timeoutSeconds, tv_usec: 0)
        let status = amqp_socket_open_noblock(socket, config.host, Int32(config.port), &timeout)
        guard status == AMQP_STATUS_OK.rawValue else {
            throw AMQPError("cannot connect to \(config.host):\(config.port): \(Self.describe(status))")
        }
        try check(
            hs_amqp_login_plain(state, config.vhost, 0, 131072, 0, config.user, config.password), "login")
        loggedIn = true
        amqp_channel_open(state, Self.channel)
        try check(amqp_get_rpc_reply(state), "channel.open")
    }

    deinit {
        if loggedIn { amqp_connection_close(state, Int32(AMQP_REPLY_SUCCESS)) }
        amqp_destroy_connection(state)
    }

    var socket: Int32 { amqp_get_sockfd(state) }
    var hasBufferedData: Bool { amqp_data_in_buffer(state) != 0 || amqp_frames_enqueued(state) != 0 }

    func check(_ reply: amqp_rpc_reply_t, _ what: String) throws {
        switch reply.reply_type {
        case AMQP_RESPONSE_NORMAL: return
        case AMQP_RESPONSE_LIBRARY_EXCEPTION: throw AMQPError("\(what): \(Self.describe(reply.library_error))")
        default: throw AMQPError("\(what): broker refused (method \(reply.reply.id))")
        }
    }

    func checkStatus(_ status: Int32, _ what: String) throws {
        guard status == AMQP_STATUS_OK.rawValue else { throw AMQPError("\(what): \(Self.describe(status))") }
    }

    static func describe(_ status: Int32) -> String { String(cString: amqp_error_string2(status)) }

    // MARK: Topology

    func declareExchange(_ name: String, type: String = "topic") throws {
        let arena = CArena()
        amqp_exchange_declare(
            state, Self.channel, arena.bytes(name), arena.bytes(type), 0, 1, 0, 0, amqp_empty_table)
        try check(amqp_get_rpc_reply(state), "exchange.declare \(name)")
    }

    func declareQueue(_ name: String, arguments: [String: CArena.TableValue]) throws {
        let arena = CArena()
        amqp_queue_declare(state, Self.channel, arena.bytes(name), 0, 1, 0, 0, arena.table(arguments))
        try check(amqp_get_rpc_reply(state), "queue.declare \(name)")
    }

    /// A passive `queue.declare`: the queue's ready messages and consumers (it must exist; a
    /// missing queue closes the channel, and the caller drops the connection).
    func inspectQueue(_ name: String) throws -> (messages: Int, consumers: Int) {
        let arena = CArena()
        guard let ok = amqp_queue_declare(state, Self.channel, arena.bytes(name), 1, 0, 0, 0, amqp_empty_table) else {
            try check(amqp_get_rpc_reply(state), "queue.declare passive \(name)")
            throw AMQPError("queue.declare passive \(name): no answer")
        }
        return (Int(ok.pointee.message_count), Int(ok.pointee.consumer_count))
    }

    func bind(queue: String, exchange: String, routingKey: String) throws {
        let arena = CArena()
        amqp_queue_bind(
            state, Self.channel, arena.bytes(queue), arena.bytes(exchange), arena.bytes(routingKey),
            amqp_empty_table)
        try check(amqp_get_rpc_reply(state), "queue.bind \(queue) \(routingKey)")
    }

    // MARK: Publishing

    func enableConfirms() throws {
        amqp_confirm_select(state, Self.channel)
        try check(amqp_get_rpc_reply(state), "confirm.select")
    }

    func publish(_ message: OutgoingMessage) throws {
        let arena = CArena()
        var properties = amqp_basic_properties_t()
        properties._flags = HS_AMQP_BASIC_PROPERTIES_FLAGS
        properties.content_type = arena.bytes("application/json")
        properties.delivery_mode = 2
        properties.message_id = arena.bytes(message.messageID)
        properties.type = arena.bytes(message.type)
        properties.headers = arena.table(message.headers.mapValues { .string($0) })
        let status = amqp_basic_publish(
            state, Self.channel, arena.bytes(message.exchange), arena.bytes(message.routingKey), 0, 0,
            &properties, arena.bytes(message.body))
        try checkStatus(status, "basic.publish")
    }

    /// Reads one frame, waiting at most `timeout`; nil when nothing arrived in time.
    func readFrame(timeout: Duration) throws -> amqp_frame_t? {
        var frame = amqp_frame_t()
        let micros = timeout.components.seconds * 1_000_000 + timeout.components.attoseconds / 1_000_000_000_000
        var tv = timeval(tv_sec: Int(micros / 1_000_000), tv_usec: Int(micros % 1_000_000))
        let status = amqp_simple_wait_frame_noblock(state, &frame, &tv)
        if status == AMQP_STATUS_TIMEOUT.rawValue { return nil }
        try checkStatus(status, "read frame")
        return frame
    }
}
