import AMQP
import Foundation
import TestSupport
import Testing

@Suite("AMQP wrapper against the real broker", .serialized, .enabled(if: TestEnvironment.isAvailable))
struct AMQPTests {
    func topology(_ bindings: [String] = ["tests.#"]) -> Topology {
        Topology(
            exchange: Infra.uniqueName("tests.exchange"), service: Infra.uniqueName("svc"), bindings: bindings,
            retryDelayMilliseconds: 300)
    }

    func message(_ topology: Topology, _ index: Int) -> OutgoingMessage {
        OutgoingMessage(
            exchange: topology.exchange, routingKey: "tests.thing.happened", body: Array("message \(index)".utf8),
            messageID: "m-\(index)", type: "tests.thing.happened", headers: ["x-index": "\(index)"])
    }

    @Test("a confirmed batch is consumed in full, with properties and headers, and acks drain the queue")
    func publishAndConsume() async throws {
        let topology = topology()
        try topology.declare(config: Infra.amqp)
        let publisher = AMQPPublisher(config: Infra.amqp)
        try await publisher.publish((0..<500).map { message(topology, $0) })
        let consumer = AMQPConsumer(config: Infra.amqp, topology: topology, prefetch: 20, logger: Infra.logger)
        var seen = Set<String>()
        for await delivery in consumer.deliveries {
            #expect(delivery.type == "tests.thing.happened")
            #expect(delivery.headers["x-index"] != nil)
            seen.insert(String(decoding: delivery.body, as: UTF8.self))
            consumer.ack(delivery)
            if seen.count == 500 { break }
        }
        consumer.stop()
        #expect(seen.count == 500)
        await publisher.close()
    }

    @Test("a sliding window smaller than the batches: batches sent back to back are all confirmed and consumed")
    func slidingWindow() async throws {
        let topology = topology()
        try topology.declare(config: Infra.amqp)
        let publisher = AMQPPublisher(config: Infra.amqp, window: 16)
        var tickets: [AMQPPublisher.Ticket] = []
        for batch in 0..<3 {
            tickets.append(try await publisher.send((0..<100).map { message(topology, batch * 100 + $0) }))
        }
        for ticket in tickets { try await publisher.confirmed(ticket) }
        let consumer = AMQPConsumer(config: Infra.amqp, topology: topology, prefetch: 50, logger: Infra.logger)
        var seen: [String] = []
        for await delivery in consumer.deliveries {
            seen.append(String(decoding: delivery.body, as: UTF8.self))
            consumer.ack(delivery)
            if seen.count == 300 { break }
        }
        consumer.stop()
        #expect(seen == (0..<300).map { "message \($0)" }, "every message, in the order sent")
        // A batch sent on a connection that is gone is never reported confirmed.
        let ticket = try await publisher.send([message(topology, 300)])
        await publisher.close()
        await #expect(throws: AMQPError.self) { try await publisher.confirmed(ticket) }
    }

    @Test("a rejected message comes back after the retry delay, then can be acked")
    func retryQueue() async throws {
        let topology = topology()
        try topology.declare(config: Infra.amqp)
        let publisher = AMQPPublisher(config: Infra.amqp)
        try await publisher.publish([message(topology, 1)])
        let consumer = AMQPConsumer(config: Infra.amqp, topology: topology, prefetch: 5, logger: Infra.logger)
        var deliveries = 0
        let start = ContinuousClock.now
        var secondArrival: Duration = .zero
        for await delivery in consumer.deliveries {
            deliveries += 1
            if deliveries == 1 {
                consumer.reject(delivery)
            } else {
                secondArrival = ContinuousClock.now - start
                consumer.ack(delivery)
                break
            }
        }
        consumer.stop()
        #expect(deliveries == 2)
        #expect(secondArrival >= .milliseconds(250))
        await publisher.close()
    }

    @Test("publishing to a broker that is not there fails with an error, not a hang")
    func unreachableBroker() async throws {
        let publisher = AMQPPublisher(config: .init(host: "127.0.0.1", port: 1, user: "guest", password: "guest"))
        await #expect(throws: AMQPError.self) {
            try await publisher.publish([
                OutgoingMessage(exchange: "", routingKey: "x", body: [1], messageID: "1", type: "t")
            ])
        }
    }
}
