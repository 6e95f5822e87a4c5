/// Broker connection settings. Read from configuration by `Messaging.BrokerConfig`.
public struct AMQPConfig: Sendable {
    public var host: String
    public var port: Int
    public var user: String
    public var password: String
    public var vhost: String

    public init(host: String, port: Int, user: String, password: String, vhost: String = "/") {
        self.host = host
        self.port = port
        self.user = user
        self.password = password
        self.vhost = vhost
    }
}

public struct AMQPError: Error, CustomStringConvertible, Sendable {
    public var description: String
    public init(_ description: String) { self.description = description }
}

/// A message to publish. Always persistent; `headers` travel as AMQP string headers.
public struct OutgoingMessage: Sendable {
    public var exchange: String
    public var routingKey: String
    public var body: [UInt8]
    public var messageID: String
    public var type: String
    public var headers: [String: String]

    public init(
        exchange: String, routingKey: String, body: [UInt8], messageID: String, type: String,
        headers: [String: String] = [:]
    ) {
        self.exchange = exchange
        self.routingKey = routingKey
        self.body = body
        self.messageID = messageID
        self.type = type
        self.headers = headers
    }
}

/// A message received by a consumer; acknowledge it through the consumer that delivered it.
public struct Delivery: Sendable {
    public var body: [UInt8]
    public var routingKey: String
    public var messageID: String?
    public var type: String?
    public var headers: [String: String]
    public var redelivered: Bool
    let deliveryTag: UInt64
    let generation: Int
}
