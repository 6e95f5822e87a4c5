import Blocking
import Foundation
import Logging
import Synchronization

/// A small Redis client over hiredis: a fixed set of connections, each on its own thread
/// (hiredis calls block), used round-robin; a broken connection is reopened on next use.
///
/// After a failed connect the client fails fast for `backoff` instead of making every caller
/// wait for a connect timeout: callers degrade (local rate limits, no cache) during an outage.
/// `outages` counts the transitions to unavailable, so a cache can tell that it may have missed
/// invalidations while Redis was away.
public final class RedisClient: Sendable {
    private final class Slot: Sendable {
        let thread: BlockingThread
        let connection = Mutex<RedisConnection?>(nil)
        init(index: Int) { thread = BlockingThread(name: "redis-\(index)") }
    }

    public let config: RedisConfig
    private let slots: [Slot]
    private let next = Atomic<Int>(0)
    private let downUntil = Atomic<UInt64>(0)
    private let outageCount = Atomic<Int>(0)
    private let backoff: Duration
    private let logger: Logger

    public init(config: RedisConfig, backoff: Duration = .seconds(1), logger: Logger) {
        self.config = config
        self.backoff = backoff
        self.logger = logger
        slots = (0..<config.connections).map(Slot.init)
    }

    /// How many times Redis became unavailable since start.
    public var outages: Int { outageCount.load(ordering: .relaxed) }

    /// Runs one command, e.g. `["INCR", "counter"]`.
    public func command(_ arguments: [String]) async throws -> RedisValue {
        try await command(arguments.map { Array($0.utf8) })
    }

    public func command(_ arguments: [[UInt8]]) async throws -> RedisValue {
        try await withConnection { try $0.command(arguments) }
    }

    /// Runs a Lua script by its SHA1 (`EVALSHA`), loading it on first use and after a Redis
    /// restart (`NOSCRIPT`).
    public func run(_ script: RedisScript, keys: [String], arguments: [String]) async throws -> RedisValue {
        try await withConnection { connection in
            let tail = [String(keys.count)] + keys + arguments
            if let sha = script.sha.withLock({ $0 }) {
                do { return try connection.command(["EVALSHA", sha] + tail) } catch RedisError.reply(let message)
                    where message.hasPrefix("NOSCRIPT")
                {}
            }
            guard case .string(let sha) = try connection.command(["SCRIPT", "LOAD", script.source]) else {
                throw RedisError.reply("SCRIPT LOAD returned no SHA1")
            }
            let text = String(decoding: sha, as: UTF8.self)
            script.sha.withLock { $0 = text }
            return try connection.command(["EVALSHA", text] + tail)
        }
    }

    /// Closes the connections (their threads end).
    public func shutdown() {
        for slot in slots { slot.thread.stop { slot.connection.withLock { $0 = nil } } }
    }

    private func withConnection<T: Sendable>(_ body: @escaping @Sendable (RedisConnection) throws -> T)
        async throws -> T
    {
        let now = DispatchTime.now().uptimeNanoseconds
        guard downUntil.load(ordering: .relaxed) <= now else {
            throw RedisError.unavailable("backing off after a failure")
        }
        let slot = slots[next.wrappingAdd(1, ordering: .relaxed).oldValue % slots.count]
        let config = self.config
        do {
            return try await slot.thread.run {
                let connection = try slot.connection.withLock { current in
                    if let current, !current.isBroken { return current }
                    current = try RedisConnection(config: config)
                    return current!
                }
                do { return try body(connection) } catch RedisError.unavailable(let why) {
                    slot.connection.withLock { $0 = nil }
                    throw RedisError.unavailable(why)
                }
            }
        } catch RedisError.unavailable(let why) {
            markDown(why)
            throw RedisError.unavailable(why)
        }
    }

    private func markDown(_ why: String) {
        let until =
            DispatchTime.now().uptimeNanoseconds + UInt64(backoff.components.seconds) * 1_000_000_000
            + UInt64(backoff.components.attoseconds / 1_000_000_000)
        let previous = downUntil.exchange(until, ordering: .relaxed)
        if previous <= DispatchTime.now().uptimeNanoseconds {
            outageCount.add(1, ordering: .relaxed)
            logger.warning("redis unavailable", metadata: ["redis": "\(config)", "error": "\(why)"])
        }
    }
}

/// A Lua script run with `EVALSHA`; its SHA1 is learnt from `SCRIPT LOAD`.
public final class RedisScript: Sendable {
    public let source: String
    let sha = Mutex<String?>(nil)

    public init(_ source: String) { self.source = source }
}
