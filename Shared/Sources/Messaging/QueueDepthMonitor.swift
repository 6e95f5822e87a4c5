import AMQP
import Logging
import Metrics
import ServiceLifecycle

/// Reports the depth of a consuming service's own queues (work, retry, parked) every
/// `amqp.queue.probe.seconds`: `amqp_queue_messages{queue}` and `amqp_queue_consumers{queue}`.
/// Every replica reports the same values (rules take `max`). A broker that does not answer leaves
/// the last values and is tried again at the next tick.
public struct QueueDepthMonitor: Service {
    let probe: AMQPQueueProbe
    let queues: [String]
    let interval: Duration
    let logger: Logger

    public init(broker: BrokerConfig, topology: Topology, logger: Logger) {
        self.probe = AMQPQueueProbe(config: broker.amqp)
        self.queues = [topology.workQueue, topology.retryQueue, topology.parkingQueue]
        self.interval = broker.queueProbeInterval
        self.logger = logger
    }

    public func run() async throws {
        let messages = Dictionary(
            uniqueKeysWithValues: queues.map { ($0, Gauge(label: "amqp_queue_messages", dimensions: [("queue", $0)])) })
        let consumers = Dictionary(
            uniqueKeysWithValues: queues.map { ($0, Gauge(label: "amqp_queue_consumers", dimensions: [("queue", $0)])) }
        )
        await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                do {
                    for depth in try await probe.depths(queues) {
                        messages[depth.queue]?.record(depth.messages)
                        consumers[depth.queue]?.record(depth.consumers)
                    }
                } catch {
                    logger.debug("queue depth not known", metadata: ["error": "\(error)"])
                }
                try? await Task.sleep(for: interval)
            }
        }
    }
}
