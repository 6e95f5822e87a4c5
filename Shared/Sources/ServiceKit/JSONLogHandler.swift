import Foundation
import Logging
import Synchronization
import TraceContext

#if canImport(Glibc)
    import Glibc
#endif

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
        let bytes = line(for: event)
        Self.output.withLock { _ in
            bytes.withUnsafeBytes { raw in
                guard let base = raw.baseAddress else { return }
                var offset = 0
                while offset < raw.count {
                    let written = Glibc.write(1, base + offset, raw.count - offset)
                    if written > 0 {
                        offset += written
                    } else if errno != EINTR {
                        return
                    }
                }
            }
        }
    }

    /// The line an event is written as: the handler's metadata, the event's over it, then the
    /// fixed fields (`ts`, `level`, `logger`, `msg`) over both, and the task's `traceId` unless set.
    /// As pairs, sorted once: no dictionary is merged and hashed per line.
    public func line(for event: LogEvent) -> [UInt8] {
        let extra = event.metadata ?? [:]
        var fields: [(key: String, value: Logger.Metadata.Value)] = []
        fields.reserveCapacity(metadata.count + extra.count + 5)
        for (key, value) in metadata where !Self.isFixed(key) && extra[key] == nil { fields.append((key, value)) }
        for (key, value) in extra where !Self.isFixed(key) { fields.append((key, value)) }
        fields.append(("ts", .string(Self.timestamp())))
        fields.append(("level", .string(event.level.rawValue)))
        fields.append(("logger", .string(label)))
        fields.append(("msg", .string("\(event.message)")))
        if !fields.contains(where: { $0.key == "traceId" }), let trace = TraceParent.current {
            fields.append(("traceId", .string(trace.traceID)))
        }
        fields.sort { $0.key < $1.key }
        var line = JSONLine()
        line.object(sorted: fields, redacting: true)
        line.bytes.append(0x0A)
        return line.bytes
    }

    static let output = Mutex(())
    static let secretWords = ["password", "secret", "token", "authorization", "card", "cookie"].map { Array($0.utf8) }

    static func isFixed(_ key: String) -> Bool { key == "ts" || key == "level" || key == "logger" || key == "msg" }

    /// True when the key contains a secret-looking word (ASCII, case-insensitive).
    public static func isSecret(_ key: String) -> Bool {
        var key = key
        return key.withUTF8 { bytes in
            secretWords.contains { word in
                guard bytes.count >= word.count else { return false }
                return (0...(bytes.count - word.count)).contains { start in
                    word.indices.allSatisfy { bytes[start + $0].asciiLowercased == word[$0] }
                }
            }
        }
    }

    /// RFC 3339 in UTC with milliseconds: `2026-12-05T12:00:00.123Z`.
    public static func timestamp(_ date: Date = .now) -> String {
        // To the microsecond first: a Date keeps seconds since 2001 in a Double (0.004 comes back 0.0039999…).
        let totalMillis = Int(((date.timeIntervalSince1970 * 1_000_000).rounded() / 1000).rounded(.down))
        var seconds = time_t(totalMillis.floorDivided(by: 1000))
        let millis = totalMillis - Int(seconds) * 1000
        var parts = tm()
        gmtime_r(&seconds, &parts)
        // Written as bytes, one string made at the end (not one per part: this runs for every line).
        var text: [UInt8] = []
        text.reserveCapacity(24)
        func digits(_ value: Int32, _ count: Int) {
            var divisor: Int32 = 1
            for _ in 1..<count { divisor *= 10 }
            while divisor > 0 {
                text.append(UInt8(ascii: "0") + UInt8(value / divisor % 10))
                divisor /= 10
            }
        }
        digits(parts.tm_year + 1900, 4)
        text.append(UInt8(ascii: "-"))
        digits(parts.tm_mon + 1, 2)
        text.append(UInt8(ascii: "-"))
        digits(parts.tm_mday, 2)
        text.append(UInt8(ascii: "T"))
        digits(parts.tm_hour, 2)
        text.append(UInt8(ascii: ":"))
        digits(parts.tm_min, 2)
        text.append(UInt8(ascii: ":"))
        digits(parts.tm_sec, 2)
        text.append(UInt8(ascii: "."))
        digits(Int32(millis), 3)
        text.append(UInt8(ascii: "Z"))
        return String(decoding: text, as: UTF8.self)
    }
}

/// One JSON value written straight to bytes (RFC 8259): objects with their keys in code-point
/// order, strings escaped. What the log handler needs, without Foundation's JSONSerialization,
/// which bridges every value to NSObject and sorts keys through ICU collation: it was half the
/// gateway's CPU per proxied request (its access log line), measured with perf.
public struct JSONLine: Sendable {
    public var bytes: [UInt8] = []

    public init() { bytes.reserveCapacity(256) }

    public mutating func object(_ fields: Logger.Metadata, redacting: Bool) {
        object(sorted: fields.sorted { $0.key < $1.key }, redacting: redacting)
    }

    /// An object of fields already in key order, without duplicate keys.
    mutating func object(sorted fields: [(key: String, value: Logger.Metadata.Value)], redacting: Bool) {
        bytes.append(UInt8(ascii: "{"))
        for (index, field) in fields.enumerated() {
            if index > 0 { bytes.append(UInt8(ascii: ",")) }
            string(field.key)
            bytes.append(UInt8(ascii: ":"))
            if redacting && JSONLogHandler.isSecret(field.key) {
                string("[redacted]")
            } else {
                value(field.value)
            }
        }
        bytes.append(UInt8(ascii: "}"))
    }

    mutating func value(_ value: Logger.Metadata.Value) {
        switch value {
        case .string(let text): string(text)
        case .stringConvertible(let convertible): string(convertible.description)
        case .array(let items):
            bytes.append(UInt8(ascii: "["))
            for (index, item) in items.enumerated() {
                if index > 0 { bytes.append(UInt8(ascii: ",")) }
                self.value(item)
            }
            bytes.append(UInt8(ascii: "]"))
        case .dictionary(let fields): object(fields, redacting: false)
        }
    }

    static let hex = Array("0123456789abcdef".utf8)

    /// A JSON string: the runs that need no escape are copied whole, not byte by byte.
    mutating func string(_ text: String) {
        bytes.append(UInt8(ascii: "\""))
        var text = text
        text.withUTF8 { utf8 in
            var run = 0
            for index in utf8.indices where utf8[index] < 0x20 || utf8[index] == 0x22 || utf8[index] == 0x5C {
                bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[run..<index]))
                escape(utf8[index])
                run = index + 1
            }
            bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[run...]))
        }
        bytes.append(UInt8(ascii: "\""))
    }

    private mutating func escape(_ byte: UInt8) {
        switch byte {
        case UInt8(ascii: "\""): bytes.append(contentsOf: [0x5C, 0x22])
        case UInt8(ascii: "\\"): bytes.append(contentsOf: [0x5C, 0x5C])
        case 0x0A: bytes.append(contentsOf: [0x5C, UInt8(ascii: "n")])
        case 0x0D: bytes.append(contentsOf: [0x5C, UInt8(ascii: "r")])
        case 0x09: bytes.append(contentsOf: [0x5C, UInt8(ascii: "t")])
        default:
            bytes.append(contentsOf: [0x5C, UInt8(ascii: "u"), UInt8(ascii: "0"), UInt8(ascii: "0")])
            bytes.append(Self.hex[Int(byte >> 4)])
            bytes.append(Self.hex[Int(byte & 0x0F)])
        }
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

extension Int {
    fileprivate func floorDivided(by divisor: Int) -> Int {
        let quotient = self / divisor
        return self % divisor < 0 ? quotient - 1 : quotient
    }
}
