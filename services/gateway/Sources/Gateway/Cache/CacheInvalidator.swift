import AMQP
import Foundation
import Logging
import Messaging
import Metrics
import ServiceLifecycle

/// Consumes `catalog.film.*` from the gateway's queue (`gateway.events`, shared by replicas: the
/// cache is shared too, so one replica acting is enough) and moves the catalog's cache
/// generation. If Redis cannot be reached the message goes to the retry queue and comes back:
/// an outage delays the invalidation, never loses it (and a Redis that was away is treated as
/// having missed invalidations, see `ResponseCache`).
struct CacheInvalidator: Service {
    static let bindings = ["catalog.film.*"]

    let cache: ResponseCache
    let broker: BrokerConfig
    let logger: Logger

    /// `gateway.events` bound to `catalog.film.*`, with its retry and parking queues.
    static func topology(_ broker: BrokerConfig) -> Topology {
        Topology(
            exchange: broker.exchange, service: "gateway", bindings: bindings,
            retryDelayMilliseconds: broker.retryDelayMilliseconds, quorum: broker.quorum)
    }

    func run() async throws {
        let consumer = AMQPConsumer(
            config: broker.amqp, topology: Self.topology(broker), prefetch: broker.prefetch, logger: logger)
        await withGracefulShutdownHandler {
            for await delivery in consumer.deliveries {
                await handle(delivery, consumer: consumer)
            }
        } onGracefulShutdown: {
            consumer.stopReceiving()
        }
        consumer.stop()
    }

    /// `films/<filmId>` from a `catalog.film.*` envelope's payload; nil when absent (then only
    /// the service's lists are invalidated — and the film page ages out with its max-age).
    static func item(of delivery: Delivery) -> String? {
        struct Envelope: Decodable {
            struct Payload: Decodable { var filmId: UUID? }
            var payload: Payload?
        }
        let envelope = try? JSONDecoder().decode(Envelope.self, from: Data(delivery.body))
        return envelope?.payload?.filmId.map { "films/\($0.uuidString.lowercased())" }
    }

    private func handle(_ delivery: Delivery, consumer: AMQPConsumer) async {
        let service = String(delivery.routingKey.prefix { $0 != "." })
        do {
            try await cache.invalidate(service: service, item: Self.item(of: delivery))
            logger.debug("cache invalidated", metadata: ["event": "\(delivery.routingKey)", "service": "\(service)"])
            consumer.ack(delivery)
            Self.count(delivery, "processed")
        } catch {
            logger.warning(
                "cache invalidation postponed", metadata: ["event": "\(delivery.routingKey)", "error": "\(error)"])
            consumer.reject(delivery)
            Self.count(delivery, "retried")
        }
    }

    /// `events_consumed_total{type,outcome}`, as the services' consumers count theirs.
    static func count(_ delivery: Delivery, _ outcome: String) {
        Counter(label: "events_consumed_total", dimensions: [("type", delivery.routingKey), ("outcome", outcome)])
            .increment()
    }
}
