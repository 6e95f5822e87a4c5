import CHiredis
import Foundation

/// One hiredis connection. Not thread-safe: `RedisClient` uses each one from its own thread only.
final class RedisConnection: @unchecked Sendable {
    private let context: UnsafeMutablePointer<redisContext>

    init(config: RedisConfig) throws {
        let timeout = Self.timeval(config.timeout)
        guard let context = redisConnectWithTimeout(config.host, Int32(config.port), timeout) else {
            throw RedisError.unavailable("cannot allocate a connection")
        }
        self.context = context
        // Thrown after `context` is set: deinit runs and frees it (freeing it here too would be
        // a double free).
        if context.pointee.err != 0 { throw RedisError.unavailable(Self.errorText(context)) }
        redisSetTimeout(context, timeout)
        if let password = config.password {
            _ = try command(config.user.map { ["AUTH", $0, password] } ?? ["AUTH", password])
        }
        if config.database != 0 { _ = try command(["SELECT", String(config.database)]) }
    }

    deinit { redisFree(context) }

    /// Sends one command and waits for its reply; an error reply throws `RedisError.reply`.
    func command(_ arguments: [String]) throws -> RedisValue {
        try command(arguments.map { Array($0.utf8) })
    }

    func command(_ arguments: [[UInt8]]) throws -> RedisValue {
        try withArgv(arguments) { argv, lengths in
            guard let raw = redisCommandArgv(context, Int32(arguments.count), argv, lengths) else {
                throw RedisError.unavailable(Self.errorText(context))
            }
            let reply = raw.assumingMemoryBound(to: redisReply.self)
            defer { freeReplyObject(raw) }
            return try Self.value(reply)
        }
    }

    /// Queues a command in the output buffer (sent by the next `reply()`): pipelining.
    func append(_ arguments: [[UInt8]]) throws {
        try withArgv(arguments) { argv, lengths in
            guard redisAppendCommandArgv(context, Int32(arguments.count), argv, lengths) == HS_REDIS_OK else {
                throw RedisError.unavailable(Self.errorText(context))
            }
        }
    }

    /// The next reply, in the order the commands were appended (flushes what is queued).
    /// A Redis error reply is returned as `.failure(.reply)`; a broken connection throws.
    func reply() throws -> Result<RedisValue, RedisError> {
        var raw: UnsafeMutableRawPointer?
        guard redisGetReply(context, &raw) == HS_REDIS_OK, let raw else {
            throw RedisError.unavailable(Self.errorText(context))
        }
        defer { freeReplyObject(raw) }
        do { return .success(try Self.value(raw.assumingMemoryBound(to: redisReply.self))) } catch let error
            as RedisError
        { return .failure(error) }
    }

    /// True when the connection can no longer be used (hiredis sets `err` for good).
    var isBroken: Bool { context.pointee.err != 0 }

    private func withArgv<T>(
        _ arguments: [[UInt8]],
        _ body: (UnsafeMutablePointer<UnsafePointer<CChar>?>, UnsafePointer<Int>) throws -> T
    ) throws -> T {
        let buffers = arguments.map { bytes -> UnsafeMutablePointer<CChar> in
            let buffer = UnsafeMutablePointer<CChar>.allocate(capacity: max(bytes.count, 1))
            bytes.withUnsafeBytes { raw in
                if let base = raw.baseAddress {
                    UnsafeMutableRawPointer(buffer).copyMemory(from: base, byteCount: raw.count)
                }
            }
            return buffer
        }
        defer { for buffer in buffers { buffer.deallocate() } }
        var argv = buffers.map { UnsafePointer<CChar>?(UnsafePointer($0)) }
        let lengths = arguments.map(\.count)
        return try argv.withUnsafeMutableBufferPointer { argvBuffer in
            try lengths.withUnsafeBufferPointer { lengthBuffer in
                try body(argvBuffer.baseAddress!, lengthBuffer.baseAddress!)
            }
        }
    }

    private static func value(_ reply: UnsafeMutablePointer<redisReply>) throws -> RedisValue {
        let r = reply.pointee
        switch r.type {
        case HS_REDIS_REPLY_STRING: return .string(bytes(r.str, r.len))
        case HS_REDIS_REPLY_INTEGER: return .integer(Int(r.integer))
        case HS_REDIS_REPLY_NIL: return .null
        case HS_REDIS_REPLY_STATUS: return .status(String(decoding: bytes(r.str, r.len), as: UTF8.self))
        case HS_REDIS_REPLY_ERROR: throw RedisError.reply(String(decoding: bytes(r.str, r.len), as: UTF8.self))
        case HS_REDIS_REPLY_ARRAY:
            var values: [RedisValue] = []
            values.reserveCapacity(r.elements)
            for index in 0..<r.elements {
                guard let element = r.element[index] else {
                    values.append(.null)
                    continue
                }
                // An error inside an array (a failed command in EXEC) is kept as a status.
                do { values.append(try value(element)) } catch { values.append(.status("\(error)")) }
            }
            return .array(values)
        default: return .null
        }
    }

    private static func bytes(_ pointer: UnsafeMutablePointer<CChar>?, _ count: Int) -> [UInt8] {
        guard let pointer, count > 0 else { return [] }
        return Array(UnsafeRawBufferPointer(start: pointer, count: count))
    }

    private static func errorText(_ context: UnsafeMutablePointer<redisContext>) -> String {
        withUnsafeBytes(of: context.pointee.errstr) { raw in
            String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
        }
    }

    private static func timeval(_ duration: Duration) -> Glibc.timeval {
        let micros = duration.components.seconds * 1_000_000 + duration.components.attoseconds / 1_000_000_000_000
        return Glibc.timeval(tv_sec: Int(micros / 1_000_000), tv_usec: Int(micros % 1_000_000))
    }
}
