import Foundation
import Logging
import Synchronization

/// A small Redis client over hiredis: a few connections, each owned by its own thread (hiredis
/// calls block), used round-robin. Each thread pipelines: it takes every command queued since its
/// last round trip, writes them in one go and reads the replies in order, so that under load many
/// callers share one round trip instead of waiting for each other's.
///
/// After a failed connect the client fails fast for `backoff` instead of making every caller
/// wait for a connect timeout: callers degrade (local rate limits, no cache) during an outage.
/// `outages` counts the transitions to unavailable, so a cache can tell that it may have missed
/// invalidations while Redis was away.
public final class RedisClient: Sendable {
    public let config: RedisConfig
    private let pipelines: [Pipeline]
    private let next = Atomic<Int>(0)
    private let downUntil = Atomic<UInt64>(0)
    private let outageCount = Atomic<Int>(0)
    private let backoff: Duration
    private let logger: Logger

    public init(config: RedisConfig, backoff: Duration = .seconds(1), logger: Logger) {
        self.config = config
        self.backoff = backoff
        self.logger = logger
        pipelines = (0..<config.connections).map { Pipeline(config: config, index: $0) }
    }

    /// How many times Redis became unavailable since start.
    public var outages: Int { outageCount.load(ordering: .relaxed) }

    /// True when a PING is answered (the detailed health document; a failure starts the usual
    /// back-off, so probes cannot hammer a Redis that is down).
    public func isReachable() async -> Bool {
        (try? await command(["PING"])) != nil
    }

    /// Runs one command, e.g. `["INCR", "counter"]`.
    public func command(_ arguments: [String]) async throws -> RedisValue {
        try await command(arguments.map { Array($0.utf8) })
    }

    public func command(_ arguments: [[UInt8]]) async throws -> RedisValue {
        let now = DispatchTime.now().uptimeNanoseconds
        guard downUntil.load(ordering: .relaxed) <= now else {
            throw RedisError.unavailable("backing off after a failure")
        }
        let pipeline = pipelines[next.wrappingAdd(1, ordering: .relaxed).oldValue % pipelines.count]
        let result = await pipeline.submit(arguments)
        if case .failure(.unavailable(let why)) = result { markDown(why) }
        return try result.get()
    }

    /// Runs a Lua script by its SHA1 (`EVALSHA`), loading it on first use and after a Redis
    /// restart (`NOSCRIPT`).
    public func run(_ script: RedisScript, keys: [String], arguments: [String]) async throws -> RedisValue {
        let tail = [String(keys.count)] + keys + arguments
        if let sha = script.sha.withLock({ $0 }) {
            do { return try await command(["EVALSHA", sha] + tail) } catch RedisError.reply(let message)
                where message.hasPrefix("NOSCRIPT")
            {}
        }
        guard case .string(let sha) = try await command(["SCRIPT", "LOAD", script.source]) else {
            throw RedisError.reply("SCRIPT LOAD returned no SHA1")
        }
        let text = String(decoding: sha, as: UTF8.self)
        script.sha.withLock { $0 = text }
        return try await command(["EVALSHA", text] + tail)
    }

    /// Closes the connections (their threads end).
    public func shutdown() {
        for pipeline in pipelines { pipeline.stop() }
    }

    private func markDown(_ why: String) {
        let now = DispatchTime.now().uptimeNanoseconds
        let until = now + UInt64(backoff / .nanoseconds(1))
        let previous = downUntil.exchange(until, ordering: .relaxed)
        if previous <= now {
            outageCount.add(1, ordering: .relaxed)
            logger.warning("redis unavailable", metadata: ["redis": "\(config)", "error": "\(why)"])
        }
    }
}

/// One connection and the thread that owns it, draining a queue of commands in batches.
private final class Pipeline: Sendable {
    typealias Reply = Result<RedisValue, RedisError>

    private struct Job {
        var arguments: [[UInt8]]
        var continuation: CheckedContinuation<Reply, Never>
    }

    private let queue = Mutex<(jobs: [Job], running: Bool)>(([], true))
    private let signal = DispatchSemaphore(value: 0)

    init(config: RedisConfig, index: Int) {
        let thread = Thread { [self] in loop(config: config) }
        thread.name = "redis-\(index)"
        thread.start()
    }

    func submit(_ arguments: [[UInt8]]) async -> Reply {
        await withCheckedContinuation { continuation in
            let accepted = queue.withLock { state -> Bool in
                guard state.running else { return false }
                state.jobs.append(Job(arguments: arguments, continuation: continuation))
                return true
            }
            if accepted { signal.signal() } else { continuation.resume(returning: .failure(.unavailable("closed"))) }
        }
    }

    func stop() {
        queue.withLock { $0.running = false }
        signal.signal()
    }

    private func loop(config: RedisConfig) {
        var connection: RedisConnection?
        while true {
            signal.wait()
            let (batch, running) = queue.withLock { state in
                defer { state.jobs.removeAll(keepingCapacity: true) }
                return (state.jobs, state.running)
            }
            if !batch.isEmpty { connection = run(batch, on: connection, config: config) }
            if !running {
                for job in queue.withLock({ $0.jobs }) {
                    job.continuation.resume(returning: .failure(.unavailable("closed")))
                }
                return
            }
        }
    }

    /// Sends the batch in one write, reads its replies in order; returns the connection to keep
    /// (nil when it broke: the next batch reconnects).
    private func run(_ batch: [Job], on current: RedisConnection?, config: RedisConfig) -> RedisConnection? {
        let connection: RedisConnection
        do {
            connection = try current.flatMap { $0.isBroken ? nil : $0 } ?? RedisConnection(config: config)
            for job in batch { try connection.append(job.arguments) }
        } catch {
            let failure = (error as? RedisError) ?? .unavailable("\(error)")
            for job in batch { job.continuation.resume(returning: .failure(failure)) }
            return nil
        }
        for (index, job) in batch.enumerated() {
            do {
                job.continuation.resume(returning: try connection.reply())
            } catch {
                let failure = (error as? RedisError) ?? .unavailable("\(error)")
                for rest in batch[index...] { rest.continuation.resume(returning: .failure(failure)) }
                return nil
            }
        }
        return connection
    }
}

/// A Lua script run with `EVALSHA`; its SHA1 is learnt from `SCRIPT LOAD`.
public final class RedisScript: Sendable {
    public let source: String
    let sha = Mutex<String?>(nil)

    public init(_ source: String) { self.source = source }
}
