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

/// Raw publishing, `total` messages: `batch` messages sent then all their confirms awaited
/// (`sliding: false`), or all sent through a sliding window of `batch` unconfirmed messages.
func pad(_ n: Int) -> String { String(repeating: " ", count: max(0, 4 - String(n).count)) + String(n) }

/// The relay's rate over raw publishing's, measured back to back.
func ratio(_ raw: Duration, _ relay: Duration) -> String {
    func seconds(_ d: Duration) -> Double { Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18 }
    return String(format: "%.2f× raw at the same window", seconds(raw) / seconds(relay))
}

func rawPublish(batch: Int, total: Int, sliding: Bool = false) async throws -> Duration {
    let publisher = AMQPPublisher(config: amqp, window: sliding ? batch : max(batch, 1000))
    let messages = (0..<total).map {
        OutgoingMessage(exchange: exchange, routingKey: "bench.raw", body: body, messageID: "\($0)", type: "bench.raw")
    }
    try await publisher.publish([messages[0]])
    let start = ContinuousClock.now
    if sliding {
        try await publisher.confirmed(try await publisher.send(messages))
    } else {
        for chunk in stride(from: 0, to: total, by: batch) {
            try await publisher.publish(Array(messages[chunk..<min(chunk + batch, total)]))
        }
    }
    let elapsed = ContinuousClock.now - start
    await publisher.close()
    return elapsed
}

/// The rows `Outbox.enqueue` writes (the same envelopes), 1,000 per statement: filling is not what
/// is measured, and one insert per row made the twenty fills of a full run most of its 300 s limit.
func fillOutbox(_ client: PostgresClient) async throws {
    try await client.query("TRUNCATE outbox", logger: logger)  // no dead rows left from the last run
    for chunk in stride(from: 0, to: count, by: 1000) {
        var (ids, bodies): ([UUID], [String]) = ([], [])
        for index in chunk..<min(chunk + 1000, count) {
            let envelope = Envelope(
                type: BenchEvent.type, version: BenchEvent.version,
                payload: BenchEvent(index: index, padding: String(repeating: "x", count: 200)))
            ids.append(envelope.id)
            bodies.append(String(decoding: try EventCoding.encoder.encode(envelope), as: UTF8.self))
        }
        try await client.query(
            """
            INSERT INTO outbox (id, type, body)
            SELECT id, \(BenchEvent.type), convert_to(body, 'UTF8')
            FROM unnest(\(ids)::uuid[], \(bodies)::text[]) WITH ORDINALITY AS r(id, body, ord) ORDER BY ord
            """, logger: logger)
    }
}

/// The relay's `publishAll`: batches of `window / depth`, `depth` in flight (services: 4 × 250).
func relayDrain(_ client: PostgresClient, window: Int, depth: Int = 2) async throws -> Duration {
    try await fillOutbox(client)
    let relay = OutboxRelay(
        client: client, publisher: AMQPPublisher(config: amqp, window: window), exchange: exchange,
        schema: "sharedtests", logger: logger, batchSize: window / depth, pipelineDepth: depth)
    let start = ContinuousClock.now
    let published = try await relay.publishAll()
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
    print("raw publish, wait for each confirm:     \(rate(single, try await rawPublish(batch: 1, total: single)))")
    for window in [100, 500, 1000] {
        print(
            "raw publish, batches of \(pad(window)) then wait:  \(rate(count, try await rawPublish(batch: window, total: count)))"
        )
    }
    // Raw and relay alternate, `BENCH_OUTBOX_ROUNDS` (5) rounds each: the medians (this machine is shared
    // and noisy: one pair of runs varies by ±20 %). The relay with two batches of half the window in
    // flight, and as services run it: four batches of a quarter of the window.
    let rounds = max(1, Int(environment["BENCH_OUTBOX_ROUNDS"] ?? "") ?? 5)
    for window in [500, 1000] {
        for depth in [2, 4] {
            var (raw, relay): ([Duration], [Duration]) = ([], [])
            for _ in 0..<rounds {
                raw.append(try await rawPublish(batch: window, total: count, sliding: true))
                relay.append(try await relayDrain(client, window: window, depth: depth))
            }
            let (rawMedian, relayMedian) = (raw.sorted()[rounds / 2], relay.sorted()[rounds / 2])
            print("raw publish, sliding window \(pad(window)):         \(rate(count, rawMedian))")
            print(
                "outbox relay, window \(pad(window)), \(depth) batches: \(rate(count, relayMedian))  "
                    + ratio(rawMedian, relayMedian))
        }
    }
    group.cancelAll()
}
