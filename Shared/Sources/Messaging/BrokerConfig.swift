import AMQP
import Configuration

/// Broker settings.
///
/// Keys: `amqp.host` (127.0.0.1), `amqp.port` (5672), `amqp.user` (guest), `amqp.password`
/// (secret, guest), `amqp.vhost` (/), `amqp.exchange` (homestudio.events), `amqp.prefetch` (50),
/// `amqp.retry.delay.ms` (5000), `amqp.retry.max.attempts` (5), `amqp.quorum` (true),
/// `amqp.queue.probe.seconds` (15: how often a consuming service reports its queues' depth).
public struct BrokerConfig: Sendable {
    public var amqp: AMQPConfig
    public var exchange: String
    public var prefetch: Int
    public var retryDelayMilliseconds: Int
    public var maxAttempts: Int
    public var quorum: Bool
    public var queueProbeInterval: Duration = .seconds(15)

    public init(reader: ConfigReader) {
        amqp = AMQPConfig(
            host: reader.string(forKey: "amqp.host", default: "127.0.0.1"),
            port: reader.int(forKey: "amqp.port", default: 5672),
            user: reader.string(forKey: "amqp.user", default: "guest"),
            password: reader.string(forKey: "amqp.password", isSecret: true, default: "guest"),
            vhost: reader.string(forKey: "amqp.vhost", default: "/")
        )
        exchange = reader.string(forKey: "amqp.exchange", default: "homestudio.events")
        prefetch = reader.int(forKey: "amqp.prefetch", default: 50)
        retryDelayMilliseconds = reader.int(forKey: "amqp.retry.delay.ms", default: 5000)
        maxAttempts = reader.int(forKey: "amqp.retry.max.attempts", default: 5)
        quorum = reader.bool(forKey: "amqp.quorum", default: true)
        queueProbeInterval = .seconds(max(1, reader.int(forKey: "amqp.queue.probe.seconds", default: 15)))
    }

    public init(amqp: AMQPConfig, exchange: String = "homestudio.events", retryDelayMilliseconds: Int = 1000) {
        self.amqp = amqp
        self.exchange = exchange
        self.prefetch = 50
        self.retryDelayMilliseconds = retryDelayMilliseconds
        self.maxAttempts = 3
        self.quorum = true
    }

    public func topology(service: String, bindings: [String]) -> Topology {
        Topology(
            exchange: exchange, service: service, bindings: bindings,
            retryDelayMilliseconds: retryDelayMilliseconds, quorum: quorum)
    }
}
