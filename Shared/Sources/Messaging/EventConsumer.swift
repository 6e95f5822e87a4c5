import AMQP
import Foundation
import Logging
import Metrics
import PostgresNIO
import ServiceKit
import ServiceLifecycle
import TraceContext

/// Runs a service's event handlers on its work queue.
///
/// For each delivery: the event id is claimed in the inbox and the handler runs, in one
/// transaction; the message is acked only after that transaction committed. A duplicate is
/// acked without effect. A failure is counted and the message rejected to the delayed-retry
/// queue; after `maxAttempts` it is parked with its reason. A message that cannot be read is
/// parked at once. Nothing is acked before its effect committed, nothing loops forever.
public final class EventConsumer: Service, Sendable {
    let client: PostgresClient
    let consumer: AMQPConsumer
    let parking: AMQPPublisher
    let topology: Topology
    let handlers: EventHandlers
    let maxAttempts: Int
    let logger: Logger

    public init(
        client: PostgresClient, broker: BrokerConfig, service: String, handlers: EventHandlers, logger: Logger
    ) {
        self.client = client
        self.topology = broker.topology(service: service, bindings: handlers.types)
        self.consumer = AMQPConsumer(
            config: broker.amqp, topology: topology, prefetch: broker.prefetch, logger: logger)
        self.parking = AMQPPublisher(config: broker.amqp)
        self.handlers = handlers
        self.maxAttempts = broker.maxAttempts
        self.logger = logger
    }

    public var isConnected: Bool { consumer.isConnected }

    /// Seconds from an event's occurrence to its handling (`amqp_consumer_lag_seconds`).
    static let lag = MetricsSetup.secondsHistogram(
        "amqp_consumer_lag_seconds", buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300])

    public func run() async throws {
        // Graceful shutdown: no new deliveries, the one in hand is finished and acked, then the
        // connection closes (prefetched but unprocessed messages return to the queue).
        await withGracefulShutdownHandler {
            for await delivery in consumer.deliveries {
                await process(delivery)
                if Task.isShuttingDownGracefully { break }
            }
        } onGracefulShutdown: {
            self.consumer.stopReceiving()
        }
        consumer.stop()
    }

    enum Outcome: String {
        case processed, duplicate, retried, parked
    }

    func process(_ delivery: Delivery) async {
        var logger = logger
        logger[metadataKey: "routingKey"] = "\(delivery.routingKey)"
        guard let metadata = try? EventCoding.decoder.decode(EventMetadata.self, from: Data(delivery.body)) else {
            await park(delivery, reason: "malformed envelope", event: nil, logger: logger)
            return
        }
        logger[metadataKey: "eventId"] = "\(metadata.id)"
        logger[metadataKey: "correlationId"] = "\(metadata.correlationId ?? metadata.id)"
        let trace = TraceParent.continuing(metadata.traceparent)
        logger[metadataKey: "traceId"] = "\(trace.traceID)"
        let timer = SpanTimer(trace, kind: .consumer)
        let outcome = await TraceParent.$current.withValue(trace) {
            await handle(delivery, metadata: metadata, logger: logger)
        }
        // A CONSUMER span, child of the span that wrote the event (its envelope's traceparent).
        timer.end(
            name: "\(metadata.type) process",
            error: outcome == .retried || outcome == .parked ? "event \(outcome.rawValue)" : nil
        ) {
            [
                "messaging.system": "rabbitmq", "messaging.operation.type": "process",
                "messaging.destination.name": .string(topology.workQueue),
                "messaging.message.id": .string(metadata.id.uuidString.lowercased()),
                "homestudio.outcome": .string(outcome.rawValue),
            ]
        }
    }

    /// Runs the handler in a transaction with the inbox claim (under the event's trace).
    @discardableResult
    func handle(_ delivery: Delivery, metadata: EventMetadata, logger: Logger) async -> Outcome {
        guard let handler = handlers.handler(for: metadata.type) else {
            return await park(delivery, reason: "no handler for \(metadata.type)", event: metadata, logger: logger)
        }
        let event = ReceivedEvent(metadata: metadata, body: delivery.body)
        do {
            let fresh = try await client.transaction(logger: logger) { connection in
                guard try await Inbox.claim(event.metadata, on: connection, logger: logger) else { return false }
                try await handler(event, connection, logger)
                return true
            }
            consumer.ack(delivery)
            let outcome: Outcome = fresh ? .processed : .duplicate
            if fresh { Self.lag.record(Date().timeIntervalSince(metadata.occurredAt)) }
            count(metadata.type, outcome)
            logger.info("event handled", metadata: ["outcome": "\(outcome)"])
            return outcome
        } catch let error as MalformedEvent {
            return await park(delivery, reason: error.description, event: metadata, logger: logger)
        } catch {
            return await retryOrPark(delivery, event: event, error: error, logger: logger)
        }
    }

    private func retryOrPark(_ delivery: Delivery, event: ReceivedEvent, error: any Error, logger: Logger) async
        -> Outcome
    {
        let reason = String(describing: error)
        let attempts = try? await Inbox.recordFailure(event.metadata.id, reason: reason, client: client, logger: logger)
        logger.warning(
            "event handler failed", metadata: ["error": "\(reason)", "attempt": "\(attempts.map(String.init) ?? "?")"])
        if let attempts, attempts >= maxAttempts {
            return await park(
                delivery, reason: "failed \(attempts) times: \(reason)", event: event.metadata, logger: logger)
        }
        consumer.reject(delivery)
        count(event.metadata.type, .retried)
        return .retried
    }

    /// Moves a message to the parking lot (with its reason), then acks it: recorded in the
    /// service's `parked_messages` table (what staff list, replay and discard), and published to
    /// `<service>.parked` with a `messaging.message.parked` notice. When either fails the message
    /// is rejected and parked again when it comes back (the table records it once).
    @discardableResult
    private func park(_ delivery: Delivery, reason: String, event: EventMetadata?, logger: Logger) async -> Outcome {
        let messageID = delivery.messageID ?? event?.id.uuidString.lowercased() ?? UUID().uuidString
        let routingKey = originalRoutingKey(delivery, event: event)
        let message = OutgoingMessage(
            exchange: "", routingKey: topology.parkingQueue, body: delivery.body,
            messageID: messageID, type: delivery.type ?? "unknown",
            headers: ["x-parked-reason": String(reason.prefix(1000)), "x-original-routing-key": routingKey]
        )
        let parking = ParkedMessages.Parking(
            messageID: messageID, eventID: event?.id, routingKey: routingKey,
            type: delivery.type ?? event?.type ?? "unknown", body: delivery.body, headers: delivery.headers,
            reason: String(reason.prefix(1000)))
        do {
            try await ParkedMessages.record(parking, client: client, logger: logger)
            try await self.parking.publish([message] + parkedNotice(delivery, reason: reason))
            consumer.ack(delivery)
            count(delivery.type ?? "unknown", .parked)
            logger.error("message parked", metadata: ["reason": "\(reason)"])
            ErrorReporter.shared.report(
                ErrorReporter.Report(
                    message: "message parked: \(reason)", errorType: "MessageParked",
                    tags: ["event.type": parking.type, "routing_key": routingKey], extra: ["message_id": messageID]))
            return .parked
        } catch {
            logger.warning("could not park message, will retry", metadata: ["error": "\(error)"])
            consumer.reject(delivery)
            return .retried
        }
    }

    /// The routing key the message was published with: a replay carries it in a header; a
    /// message back from the retry queue has the work queue's name, and its event type instead.
    private func originalRoutingKey(_ delivery: Delivery, event: EventMetadata?) -> String {
        if let original = delivery.headers[ParkedMessages.originalRoutingKeyHeader] { return original }
        if delivery.routingKey == topology.workQueue, let type = event?.type { return type }
        return delivery.routingKey
    }

    /// `messaging.message.parked` on the shared exchange, so that staff can be alerted; never for a
    /// parked notice itself (no loop).
    private func parkedNotice(_ delivery: Delivery, reason: String) -> [OutgoingMessage] {
        guard delivery.type != MessageParked.type else { return [] }
        let notice = MessageParked(
            service: topology.service, queue: topology.parkingQueue, messageType: delivery.type ?? "unknown",
            messageId: delivery.messageID ?? "", reason: String(reason.prefix(500)))
        let envelope = Envelope(type: MessageParked.type, version: MessageParked.version, payload: notice)
        guard let body = try? EventCoding.encoder.encode(envelope) else { return [] }
        return [
            OutgoingMessage(
                exchange: topology.exchange, routingKey: MessageParked.type, body: Array(body),
                messageID: envelope.id.uuidString.lowercased(), type: MessageParked.type)
        ]
    }

    private func count(_ type: String, _ outcome: Outcome) {
        Counter(label: "events_consumed_total", dimensions: [("type", type), ("outcome", outcome.rawValue)])
            .increment()
    }
}

/// The idempotent inbox: an event id is recorded in the transaction of its effect.
public enum Inbox {
    /// True when the event is new (and now recorded); false when it was already processed.
    public static func claim(_ metadata: EventMetadata, on connection: PostgresConnection, logger: Logger)
        async throws -> Bool
    {
        let rows = try await connection.query(
            """
            INSERT INTO inbox (event_id, type) VALUES (\(metadata.id), \(metadata.type))
            ON CONFLICT (event_id) DO NOTHING RETURNING event_id
            """, logger: logger)
        for try await _ in rows { return true }
        return false
    }

    /// Counts a failed attempt (outside the failed transaction) and returns the count so far.
    public static func recordFailure(_ id: UUID, reason: String, client: PostgresClient, logger: Logger)
        async throws -> Int
    {
        let rows = try await client.query(
            """
            INSERT INTO inbox_failures (event_id, attempts, last_error) VALUES (\(id), 1, \(reason))
            ON CONFLICT (event_id) DO UPDATE SET attempts = inbox_failures.attempts + 1,
                last_error = EXCLUDED.last_error, updated_at = now()
            RETURNING attempts
            """, logger: logger)
        for try await attempts in rows.decode(Int.self) { return attempts }
        return 1
    }
}

/// Published by every consumer when it parks a message.
public struct MessageParked: IntegrationEvent {
    public static let type = "messaging.message.parked"
    public var service: String
    public var queue: String
    public var messageType: String
    public var messageId: String
    public var reason: String

    public init(service: String, queue: String, messageType: String, messageId: String, reason: String) {
        self.service = service
        self.queue = queue
        self.messageType = messageType
        self.messageId = messageId
        self.reason = reason
    }
}
