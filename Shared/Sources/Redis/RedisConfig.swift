import Foundation

/// Where Redis is: parsed from a `redis://[:password@]host[:port][/db]` URL
/// (`redis://user:password@…` sends `AUTH user password`, Redis 6 ACLs).
public struct RedisConfig: Sendable, CustomStringConvertible {
    public var host: String
    public var port: Int
    public var user: String?
    public var password: String?
    public var database: Int
    /// Connect and per-command timeout: Redis answers in well under a millisecond on a healthy
    /// network, so a slow Redis is treated as an unavailable one.
    public var timeout: Duration
    /// Connections kept, each on its own thread (hiredis calls block), each pipelining.
    public var connections: Int

    public init?(url: String, timeout: Duration = .milliseconds(250), connections: Int = 2) {
        guard let parts = URLComponents(string: url), parts.scheme == "redis", let host = parts.host, !host.isEmpty
        else { return nil }
        self.host = host
        self.port = parts.port ?? 6379
        self.user = parts.user.flatMap { $0.isEmpty ? nil : $0 }
        self.password = parts.password.flatMap { $0.isEmpty ? nil : $0.removingPercentEncoding }
        let path = parts.path.trimmingCharacters(in: CharacterSet(charactersIn: "/"))
        guard let database = path.isEmpty ? 0 : Int(path) else { return nil }
        self.database = database
        self.timeout = timeout
        self.connections = max(1, connections)
    }

    /// Host, port and database; never the password.
    public var description: String { "redis://\(host):\(port)/\(database)" }
}

/// A Redis reply.
public enum RedisValue: Sendable, Equatable {
    case string([UInt8])
    case integer(Int)
    case array([RedisValue])
    case status(String)
    case null

    public var int: Int? {
        switch self {
        case .integer(let value): value
        case .string(let bytes): Int(String(decoding: bytes, as: UTF8.self))
        default: nil
        }
    }

    public var bytes: [UInt8]? {
        if case .string(let bytes) = self { return bytes }
        return nil
    }

    public var array: [RedisValue]? {
        if case .array(let values) = self { return values }
        return nil
    }
}

public enum RedisError: Error, CustomStringConvertible, Sendable {
    /// Cannot connect, or the connection broke or timed out.
    case unavailable(String)
    /// Redis answered with an error reply (e.g. `NOSCRIPT`, `WRONGTYPE`).
    case reply(String)

    public var description: String {
        switch self {
        case .unavailable(let why): "Redis unavailable: \(why)"
        case .reply(let message): "Redis error: \(message)"
        }
    }
}
