import Foundation
import Logging
import Synchronization
import TraceContext

/// Writes one JSON object per line to standard output: timestamp (RFC 3339, UTC, `Z`), level,
/// label, message, the structured metadata (request id, event id, …) and the `traceId` of the
/// task's trace. Metadata keys that look secret are redacted.
public struct JSONLogHandler: LogHandler {
    public var metadata: Logger.Metadata = [:]
    public var logLevel: Logger.Level
    let label: String

    public init(label: String, level: Logger.Level) {
        self.label = label
        self.logLevel = level
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        var object: [String: Any] = [
            "ts": Self.timestamp(), "level": event.level.rawValue, "logger": label, "msg": "\(event.message)",
        ]
        let merged = self.metadata.merging(event.metadata ?? [:]) { _, new in new }
        for (key, value) in merged { object[key] = Self.redact(key, Self.plain(value)) }
        if object["traceId"] == nil, let trace = TraceParent.current { object["traceId"] = trace.traceID }
        guard var line = try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]) else { return }
        line.append(0x0A)
        Self.output.withLock { _ in FileHandle.standardOutput.write(line) }
    }

    static let output = Mutex(())
    static let secretWords = ["password", "secret", "token", "authorization", "card", "cookie"]

    public static func redact(_ key: String, _ value: Any) -> Any {
        let lower = key.lowercased()
        return secretWords.contains(where: lower.contains) ? "[redacted]" : value
    }

    static func plain(_ value: Logger.Metadata.Value) -> Any {
        switch value {
        case .string(let s): s
        case .stringConvertible(let c): c.description
        case .array(let a): a.map(plain)
        case .dictionary(let d): d.mapValues(plain)
        }
    }

    static let timestampFormat = Date.ISO8601FormatStyle(includingFractionalSeconds: true, timeZone: .gmt)

    /// RFC 3339 in UTC with milliseconds: `2026-12-05T12:00:00.123Z`.
    static func timestamp(_ date: Date = .now) -> String {
        date.formatted(timestampFormat)
    }
}

/// Log settings: `log.level` (trace…critical, default info) and `log.format` (json or text).
public enum LogSetup {
    private static let once = Mutex(false)

    /// Bootstraps swift-log once per process and returns the service's root logger.
    public static func bootstrap(label: String, level: String, format: String) -> Logger {
        let logLevel = Logger.Level(rawValue: level) ?? .info
        once.withLock { done in
            guard !done else { return }
            done = true
            LoggingSystem.bootstrap { name in
                guard format == "text" else { return JSONLogHandler(label: name, level: logLevel) }
                var handler = StreamLogHandler.standardOutput(label: name)
                handler.logLevel = logLevel
                return handler
            }
        }
        var logger = Logger(label: label)
        logger.logLevel = logLevel
        return logger
    }
}
