/// The broker objects of one consuming service, declared at start (idempotent):
///
/// - one durable topic exchange shared by the suite (`exchange`);
/// - `<service>.events`, the work queue (quorum), bound to the routing keys the service consumes;
///   a rejected message is dead-lettered to
/// - `<service>.retry` (classic, per-queue TTL = retry delay), which dead-letters back to the work
///   queue when the delay has passed;
/// - `<service>.parked`, the parking lot, for messages that failed too often or cannot be read.
public struct Topology: Sendable {
    public var exchange: String
    public var service: String
    public var bindings: [String]
    public var retryDelayMilliseconds: Int
    public var quorum: Bool

    public init(
        exchange: String, service: String, bindings: [String], retryDelayMilliseconds: Int = 5000,
        quorum: Bool = true
    ) {
        self.exchange = exchange
        self.service = service
        self.bindings = bindings
        self.retryDelayMilliseconds = retryDelayMilliseconds
        self.quorum = quorum
    }

    public var workQueue: String { "\(service).events" }
    public var retryQueue: String { "\(service).retry" }
    public var parkingQueue: String { "\(service).parked" }

    func declare(on connection: Connection) throws {
        try connection.declareExchange(exchange)
        var work: [String: CArena.TableValue] = [
            "x-dead-letter-exchange": .string(""), "x-dead-letter-routing-key": .string(retryQueue),
        ]
        if quorum { work["x-queue-type"] = .string("quorum") }
        try connection.declareQueue(workQueue, arguments: work)
        try connection.declareQueue(
            retryQueue,
            arguments: [
                "x-message-ttl": .int(retryDelayMilliseconds), "x-dead-letter-exchange": .string(""),
                "x-dead-letter-routing-key": .string(workQueue),
            ])
        try connection.declareQueue(parkingQueue, arguments: [:])
        for key in bindings {
            try connection.bind(queue: workQueue, exchange: exchange, routingKey: key)
        }
    }
}
