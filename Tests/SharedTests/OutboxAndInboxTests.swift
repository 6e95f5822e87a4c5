import AMQP
import Foundation
import Logging
import Messaging
import Persistence
import PostgresNIO
import TestSupport
import Testing

@Suite(
    "Outbox relay and inbox against the real broker and database", .serialized,
    .enabled(if: TestEnvironment.isAvailable))
struct OutboxAndInboxTests {
    func clearOutbox(_ client: PostgresClient) async throws {
        try await client.query("DELETE FROM outbox", logger: Infra.logger)
    }

    @Test("events committed with their change are published once; rolled-back ones never")
    func relayPublishesCommittedEvents() async throws {
        try await Infra.withDatabase { client in
            try await clearOutbox(client)
            let topology = Topology(
                exchange: Infra.uniqueName("tests.exchange"), service: Infra.uniqueName("svc"), bindings: ["tests.#"])
            try topology.declare(config: Infra.amqp)
            for number in 0..<50 {
                _ = try await client.transaction(logger: Infra.logger) { connection in
                    try await Outbox.enqueue(TestEvent(number: number), on: connection, logger: Infra.logger)
                }
            }
            struct Rollback: Error {}
            _ = try? await client.transaction(logger: Infra.logger) { connection in
                try await Outbox.enqueue(TestEvent(number: 999), on: connection, logger: Infra.logger)
                throw Rollback()
            }
            let relay = OutboxRelay(
                client: client, publisher: AMQPPublisher(config: Infra.amqp), exchange: topology.exchange,
                schema: "sharedtests", logger: Infra.logger, batchSize: 20)
            await relay.drain()
            await relay.drain()
            let consumer = AMQPConsumer(config: Infra.amqp, topology: topology, logger: Infra.logger)
            var numbers: [Int] = []
            for await delivery in consumer.deliveries {
                let envelope = try EventCoding.decoder.decode(Envelope<TestEvent>.self, from: Data(delivery.body))
                numbers.append(envelope.payload.number)
                consumer.ack(delivery)
                if numbers.count == 50 { break }
            }
            consumer.stop()
            // Three batches, two in flight at once: still in outbox order.
            #expect(numbers == Array(0..<50))
            let left = try await client.query(
                "SELECT count(*) FROM outbox WHERE published_at IS NULL", logger: Infra.logger)
            #expect(try await left.decode(Int.self).firstElement() == 0)
        }
    }

    @Test("three relay replicas draining one outbox publish every event exactly once")
    func competingRelays() async throws {
        try await Infra.withDatabase { client in
            try await clearOutbox(client)
            let topology = Topology(
                exchange: Infra.uniqueName("tests.exchange"), service: Infra.uniqueName("svc"), bindings: ["tests.#"])
            try topology.declare(config: Infra.amqp)
            for chunk in stride(from: 0, to: 600, by: 100) {
                _ = try await client.transaction(logger: Infra.logger) { connection in
                    for number in chunk..<chunk + 100 {
                        try await Outbox.enqueue(TestEvent(number: number), on: connection, logger: Infra.logger)
                    }
                }
            }
            try await withThrowingTaskGroup(of: Void.self) { group in
                for _ in 0..<3 {
                    group.addTask {
                        let relay = OutboxRelay(
                            client: client, publisher: AMQPPublisher(config: Infra.amqp), exchange: topology.exchange,
                            schema: "sharedtests", logger: Infra.logger, batchSize: 25)
                        await relay.drain()
                    }
                }
                try await group.waitForAll()
            }
            let consumer = AMQPConsumer(config: Infra.amqp, topology: topology, logger: Infra.logger)
            var numbers: [Int] = []
            var iterator = consumer.deliveries.makeAsyncIterator()
            while numbers.count < 600, let delivery = await iterator.next() {
                numbers.append(
                    try EventCoding.decoder.decode(Envelope<TestEvent>.self, from: Data(delivery.body)).payload.number)
                consumer.ack(delivery)
            }
            // Nothing is left: stopping returns any unacked (duplicate) delivery to the queue.
            consumer.stop()
            try await Task.sleep(for: .seconds(2))
            let queue = try await BrokerManagement().peek(queue: topology.workQueue)
            #expect(numbers.sorted() == Array(0..<600))
            #expect(queue.isEmpty)
        }
    }

    @Test("the relay wakes on commit, long before its poll interval")
    func relayWakesPromptly() async throws {
        try await Infra.withDatabase { client in
            try await clearOutbox(client)
            let topology = Topology(
                exchange: Infra.uniqueName("tests.exchange"), service: Infra.uniqueName("svc"), bindings: ["tests.#"])
            try topology.declare(config: Infra.amqp)
            let relay = OutboxRelay(
                client: client, publisher: AMQPPublisher(config: Infra.amqp), exchange: topology.exchange,
                schema: "sharedtests", logger: Infra.logger, pollInterval: .seconds(60))
            let consumer = AMQPConsumer(config: Infra.amqp, topology: topology, logger: Infra.logger)
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask { try await relay.run() }
                try await Task.sleep(for: .milliseconds(500))
                let start = ContinuousClock.now
                _ = try await client.transaction(logger: Infra.logger) { connection in
                    try await Outbox.enqueue(TestEvent(number: 7), on: connection, logger: Infra.logger)
                }
                var iterator = consumer.deliveries.makeAsyncIterator()
                let delivery = try #require(await iterator.next())
                consumer.ack(delivery)
                #expect(ContinuousClock.now - start < .seconds(5))
                group.cancelAll()
            }
            consumer.stop()
        }
    }

    @Test("the consumer applies an event once even when it is delivered twice, and parks what fails too often")
    func inboxAndParking() async throws {
        try await Infra.withDatabase { client in
            try await client.query("CREATE TABLE IF NOT EXISTS effects (number integer NOT NULL)", logger: Infra.logger)
            try await client.query("DELETE FROM effects", logger: Infra.logger)
            let service = Infra.uniqueName("svc")
            var broker = BrokerConfig(
                amqp: Infra.amqp, exchange: Infra.uniqueName("tests.exchange"), retryDelayMilliseconds: 200)
            broker.maxAttempts = 2
            var handlers = EventHandlers()
            handlers.on(TestEvent.self) { event, _, connection, logger in
                if event.number < 0 { throw TestFailure("negative numbers always fail") }
                try await connection.query("INSERT INTO effects (number) VALUES (\(event.number))", logger: logger)
            }
            let consumer = EventConsumer(
                client: client, broker: broker, service: service, handlers: handlers, logger: Infra.logger)
            let topology = broker.topology(service: service, bindings: handlers.types)
            try topology.declare(config: Infra.amqp)
            let ok = Envelope(type: TestEvent.type, version: 1, payload: TestEvent(number: 41))
            let failing = Envelope(type: TestEvent.type, version: 1, payload: TestEvent(number: -1))
            let publisher = AMQPPublisher(config: Infra.amqp)
            for envelope in [ok, ok, failing] {
                try await publisher.publish([
                    OutgoingMessage(
                        exchange: broker.exchange, routingKey: TestEvent.type,
                        body: Array(try EventCoding.encoder.encode(envelope)), messageID: envelope.id.uuidString,
                        type: TestEvent.type)
                ])
            }
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask { try await consumer.run() }
                let parked = try await eventually("the failing event to be parked") {
                    try await BrokerManagement().peek(queue: topology.parkingQueue).first
                }
                #expect(parked.reason?.contains("failed 2 times") == true)
                let effects = try await client.query(
                    "SELECT count(*) FROM effects WHERE number = 41", logger: Infra.logger)
                #expect(try await effects.decode(Int.self).firstElement() == 1)
                group.cancelAll()
            }
            await publisher.close()
        }
    }

    @Test("two replicas migrating at once apply each migration once")
    func concurrentMigrations() async throws {
        try await Infra.withDatabase { client in
            let table = "migrated_\(UUID().uuidString.prefix(8).lowercased())"
            let migration = Migration(
                50_000 + Int.random(in: 0..<100_000), "race \(table)", ["CREATE TABLE \(table) (id int)"])
            try await withThrowingTaskGroup(of: Void.self) { group in
                for _ in 0..<3 {
                    group.addTask {
                        try await Migrator(client: client, service: "sharedtests", logger: Infra.logger).migrate([
                            migration
                        ])
                    }
                }
                try await group.waitForAll()
            }
            let rows = try await client.query(
                "SELECT count(*) FROM schema_migrations WHERE version = \(migration.version)", logger: Infra.logger)
            #expect(try await rows.decode(Int.self).firstElement() == 1)
        }
    }
}
