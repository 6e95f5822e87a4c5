import AMQP
import Logging
import PostgresNIO
import ServiceLifecycle

/// The messaging parts of one service: its outbox relay and, when it consumes, its consumer.
public struct MessagingRuntime: Sendable {
    public let relay: OutboxRelay
    public let consumer: EventConsumer?
    /// The depth of the consumer's queues, as metrics (services that consume only).
    public let queueDepth: QueueDepthMonitor?

    public init(
        service: String, broker: BrokerConfig, client: PostgresClient, handlers: EventHandlers?, logger: Logger
    ) {
        let publisher = AMQPPublisher(config: broker.amqp, exchange: broker.exchange)
        relay = OutboxRelay(
            client: client, publisher: publisher, exchange: broker.exchange, schema: service, logger: logger)
        let consumer = handlers.map {
            EventConsumer(client: client, broker: broker, service: service, handlers: $0, logger: logger)
        }
        self.consumer = consumer
        queueDepth = consumer.map { QueueDepthMonitor(broker: broker, topology: $0.topology, logger: logger) }
    }

    public var services: [any Service] {
        [relay] + (consumer.map { [$0] } ?? []) + (queueDepth.map { [$0] } ?? [])
    }

    /// The broker is reachable when the relay can publish and the consumer (if any) is connected.
    public var isBrokerReachable: Bool { relay.isBrokerReachable && (consumer?.isConnected ?? true) }
}
