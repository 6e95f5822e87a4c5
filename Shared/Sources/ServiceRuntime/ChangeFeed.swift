import Foundation
import HTTPTypes
import Hummingbird
import Logging
import Persistence
import PostgresNIO
import ServiceLifecycle

/// Live updates across replicas: a transaction that changes something announces the change's key
/// on a channel; every replica's `ChangeListener` LISTENs on it and wakes the local streams
/// subscribed to that key through its `ChangeHub`. Used by server-sent-event endpoints (seat
/// maps, notification feeds).
///
/// Inside `PostgresClient.transaction`, on a replica whose listener runs, the announcement waits
/// for the end of the transaction (`TransactionHooks`; no NOTIFY holds up the commit): this
/// replica's hub hears it at once, and the other replicas through one NOTIFY sent after the commit
/// for all the keys announced meanwhile (`ChangeBroadcaster`). Elsewhere, `pg_notify` in the
/// transaction (delivered at commit).
public enum ChangeNotice {
    public static func send(_ channel: String, key: String, _ connection: PostgresConnection, _ logger: Logger)
        async throws
    {
        if let hooks = TransactionHooks.current, let broadcaster = ChangeBroadcaster.running(on: channel) {
            hooks.onEnd { committed in broadcaster.announce(key, committed: committed) }
            return
        }
        try await connection.query("SELECT pg_notify(\(channel), \(key))", logger: logger)
    }
}

/// The open streams of this replica, by key.
public actor ChangeHub {
    public enum Signal: Sendable {
        case changed
        case heartbeat
    }

    private var streams: [String: [UUID: AsyncStream<Signal>.Continuation]] = [:]
    /// Told of every change before the streams are woken (nil: everything), so that a snapshot it
    /// invalidates is never read again by a woken stream; `local`: a change of this replica, told by
    /// its `ChangeBroadcaster`. Called with nil when the listener (re)connects: changes may have
    /// been missed while it was away.
    private let observer: (@Sendable (_ key: String?, _ local: Bool) -> Void)?

    public init(observer: (@Sendable (_ key: String?, _ local: Bool) -> Void)? = nil) { self.observer = observer }

    /// A stream of signals for one key; ends its subscription when the stream is dropped.
    /// Bursts are coalesced: a slow reader sees one `changed` for several changes.
    public func subscribe(_ key: String) -> (AsyncStream<Signal>, AsyncStream<Signal>.Continuation) {
        let (stream, continuation) = AsyncStream.makeStream(of: Signal.self, bufferingPolicy: .bufferingNewest(1))
        let id = UUID()
        streams[key, default: [:]][id] = continuation
        continuation.onTermination = { _ in Task { await self.remove(key, id) } }
        return (stream, continuation)
    }

    public func publish(_ key: String, local: Bool = false) {
        observer?(key, local)
        for continuation in streams[key]?.values ?? [:].values { continuation.yield(.changed) }
    }

    /// The listener is (again) listening: whatever changed while it was not is unknown.
    public func resynchronised() { observer?(nil, false) }

    public var subscriberCount: Int { streams.values.reduce(0) { $0 + $1.count } }

    private func remove(_ key: String, _ id: UUID) {
        streams[key]?[id] = nil
        if streams[key]?.isEmpty == true { streams[key] = nil }
    }
}

/// LISTENs on one channel and forwards each notification's keys to the hub (but not this
/// replica's own, which its `ChangeBroadcaster` has told the hub already); reconnects after errors.
public struct ChangeListener: Service {
    let channel: String
    let client: PostgresClient
    let hub: ChangeHub
    let logger: Logger

    public init(channel: String, client: PostgresClient, hub: ChangeHub, logger: Logger) {
        self.channel = channel
        self.client = client
        self.hub = hub
        self.logger = logger
    }

    public func run() async throws {
        let broadcaster = ChangeBroadcaster(channel: channel, client: client, hub: hub, logger: logger)
        ChangeBroadcaster.register(broadcaster)
        defer { ChangeBroadcaster.unregister(broadcaster) }
        await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                do {
                    try await client.withConnection { connection in
                        try await connection.listen(on: channel) { notifications in
                            await hub.resynchronised()
                            for try await notification in notifications {
                                let keys = ChangeBroadcaster.keys(
                                    of: notification.payload, skipping: broadcaster.origin)
                                for key in keys ?? [] { await hub.publish(String(key)) }
                            }
                        }
                    }
                } catch {
                    logger.debug("change listener interrupted", metadata: ["error": "\(error)"])
                }
                try? await Task.sleep(for: .seconds(1))
            }
        }
    }
}

/// A server-sent-event body: `first` now, then `next()` after each change, a comment line every
/// `heartbeat` so that proxies keep an idle stream open.
public enum EventStream {
    public static func body(
        hub: ChangeHub, key: String, heartbeat: Duration = .seconds(15),
        first: ByteBuffer, next: @escaping @Sendable () async throws -> ByteBuffer?
    ) async -> ResponseBody {
        let (signals, continuation) = await hub.subscribe(key)
        return ResponseBody { writer in
            let beat = Task {
                while !Task.isCancelled {
                    try await Task.sleep(for: heartbeat)
                    continuation.yield(.heartbeat)
                }
            }
            defer {
                beat.cancel()
                continuation.finish()
            }
            try await writer.write(first)
            // Graceful shutdown ends the stream with a last event (clients reconnect to another
            // replica after `retry` ms), so that open streams never hold a stopping service.
            try await withGracefulShutdownHandler {
                for await signal in signals {
                    switch signal {
                    case .heartbeat: try await writer.write(ByteBuffer(string: ": keep-alive\n\n"))
                    case .changed: if let event = try await next() { try await writer.write(event) }
                    }
                }
            } onGracefulShutdown: {
                continuation.finish()
            }
            if Task.isShuttingDownGracefully { try await writer.write(ByteBuffer(string: goodbye)) }
            try await writer.finish(nil)
        }
    }

    /// The last event of a stream closed by a shutdown.
    public static let goodbye = "event: shutdown\nretry: 1000\ndata: {\"reason\":\"server-restarting\"}\n\n"

    public static let headers: HTTPFields = [
        .contentType: "text/event-stream", .cacheControl: "no-store", HTTPField.Name("X-Accel-Buffering")!: "no",
    ]
}
