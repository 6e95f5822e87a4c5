import AMQP
import Foundation
import Logging
import Messaging
import Persistence
import PostgresNIO

/// Outbox relay throughput next to raw rabbitmq-c publishing, measured in one run against the
/// durable bench infrastructure (`scripts/bench/run` starts it). Prints figures; asserts nothing.
struct BenchEvent: IntegrationEvent {
    static let type = "bench.thing.happened"
    var index: Int
    var padding: String
}

let environment = ProcessInfo.processInfo.environment
let count = Int(environment["BENCH_EVENTS"] ?? "") ?? 20_000
let logger = Logger(label: "outbox-bench")
let amqp = AMQPConfig(
    host: "127.0.0.1", port: Int(environment["HS_AMQP_PORT"] ?? "") ?? 14672, user: "guest", password: "guest")
let database = DatabaseConfig(
    host: "127.0.0.1", port: Int(environment["HS_PG_PORT"] ?? "") ?? 14432, name: "homestudio",
    user: "sharedtests_svc", password: environment["BENCH_DB_PASSWORD"] ?? "", poolSize: 4)
let exchange = "bench.\(UUID().uuidString.prefix(8))"
let topology = Topology(exchange: exchange, service: exchange, bindings: ["bench.#"], quorum: false)
let body = Array(String(repeating: "x", count: 300).utf8)

func rate(_ n: Int, _ elapsed: Duration) -> String {
    let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
    return String(format: "%8.0f msg/s  (%d in %.2f s)", Double(n) / seconds, n, seconds)
}

func rawPublish(batch: Int, total: Int) async throws -> Duration {
    let publisher = AMQPPublisher(config: amqp)
    let messages = (0..<total).map {
        OutgoingMessage(exchange: exchange, routingKey: "bench.raw", body: body, messageID: "\($0)", type: "bench.raw")
    }
    try await publisher.publish([messages[0]])
    let start = ContinuousClock.now
    for chunk in stride(from: 0, to: total, by: batch) {
        try await publisher.publish(Array(messages[chunk..<min(chunk + batch, total)]))
    }
    let elapsed = ContinuousClock.now - start
    await publisher.close()
    return elapsed
}

func fillOutbox(_ client: PostgresClient) async throws {
    try await client.query("DELETE FROM outbox", logger: logger)
    for chunk in stride(from: 0, to: count, by: 500) {
        try await client.transaction(logger: logger) { connection in
            for index in chunk..<min(chunk + 500, count) {
                try await Outbox.enqueue(
                    BenchEvent(index: index, padding: String(repeating: "x", count: 200)), on: connection,
                    logger: logger)
            }
        }
    }
}

func relayDrain(_ client: PostgresClient, batchSize: Int) async throws -> Duration {
    try await fillOutbox(client)
    let relay = OutboxRelay(
        client: client, publisher: AMQPPublisher(config: amqp), exchange: exchange, schema: "sharedtests",
        logger: logger, batchSize: batchSize)
    let start = ContinuousClock.now
    var published = 0
    while published < count {
        let n = try await relay.publishBatch()
        if n == 0 { break }
        published += n
    }
    let elapsed = ContinuousClock.now - start
    if published != count {  // a wrong result fails the benchmark (scripts/bench/run --smoke too)
        FileHandle.standardError.write(Data("outbox-bench: the relay published \(published) of \(count)\n".utf8))
        exit(1)
    }
    return elapsed
}

try topology.declare(config: amqp)
let client = database.makeClient(logger: logger)
try await withThrowingTaskGroup(of: Void.self) { group in
    group.addTask { await client.run() }
    try await Migrator(client: client, service: "sharedtests", logger: logger).migrate(Outbox.migrations)
    print("exchange=\(exchange)")  // its queues and exchanges: removed after a smoke run (scripts/bench/run)
    print("Durable topic exchange → one durable classic queue, persistent ~300-byte messages, \(count) per run")
    let single = min(2000, count)
    print("raw publish, wait for each confirm:   \(rate(single, try await rawPublish(batch: 1, total: single)))")
    print("raw publish, confirm window 100:      \(rate(count, try await rawPublish(batch: 100, total: count)))")
    print("raw publish, confirm window 500:      \(rate(count, try await rawPublish(batch: 500, total: count)))")
    print("raw publish, confirm window 1000:     \(rate(count, try await rawPublish(batch: 1000, total: count)))")
    print("outbox relay, batches of 100:         \(rate(count, try await relayDrain(client, batchSize: 100)))")
    print("outbox relay, batches of 500:         \(rate(count, try await relayDrain(client, batchSize: 500)))")
    group.cancelAll()
}
