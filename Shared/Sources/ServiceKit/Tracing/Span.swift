import Foundation
import TraceContext

/// A finished span of a trace, as OpenTelemetry describes one: the work of one request, one
/// upstream call or one handled event, with its parent, timing, attributes and outcome.
public struct Span: Sendable {
    /// OTLP's `SpanKind` numbers.
    public enum Kind: Int, Sendable {
        case `internal` = 1
        case server = 2
        case client = 3
        case producer = 4
        case consumer = 5
    }

    public var trace: TraceParent
    public var name: String
    public var kind: Kind
    /// Unix time in nanoseconds.
    public var start: UInt64
    public var end: UInt64
    public var attributes: [String: SpanValue]
    /// Set when the work failed (OTLP status ERROR with this message).
    public var error: String?

    public init(
        trace: TraceParent, name: String, kind: Kind, start: UInt64, end: UInt64,
        attributes: [String: SpanValue] = [:], error: String? = nil
    ) {
        self.trace = trace
        self.name = name
        self.kind = kind
        self.start = start
        self.end = end
        self.attributes = attributes
        self.error = error
    }

    /// Nanoseconds since 1970, for `start` and `end`.
    public static func now() -> UInt64 {
        var spec = timespec()
        clock_gettime(CLOCK_REALTIME, &spec)
        return UInt64(spec.tv_sec) * 1_000_000_000 + UInt64(spec.tv_nsec)
    }

    /// The span as OTLP/JSON (`Span` of opentelemetry-proto, JSON mapping: hex ids, 64-bit
    /// integers as strings).
    var otlp: [String: Any] {
        var span: [String: Any] = [
            "traceId": trace.traceID, "spanId": trace.spanID, "name": name, "kind": kind.rawValue,
            "startTimeUnixNano": String(start), "endTimeUnixNano": String(max(end, start)),
            "attributes": Self.otlp(attributes),
        ]
        if let parent = trace.parentSpanID { span["parentSpanId"] = parent }
        span["status"] = error.map { ["code": 2, "message": $0] as [String: Any] } ?? ["code": 0]
        return span
    }

    static func otlp(_ attributes: [String: SpanValue]) -> [[String: Any]] {
        attributes.sorted { $0.key < $1.key }.map { ["key": $0.key, "value": $0.value.otlp] }
    }
}

/// An attribute's value: a string or an integer (what our spans carry).
public enum SpanValue: Sendable, Equatable, ExpressibleByStringLiteral, ExpressibleByIntegerLiteral {
    case string(String)
    case int(Int)

    public init(stringLiteral value: String) { self = .string(value) }
    public init(integerLiteral value: Int) { self = .int(value) }

    var otlp: [String: Any] {
        switch self {
        case .string(let text): ["stringValue": text]
        case .int(let number): ["intValue": String(number)]
        }
    }
}

/// A span being timed, for code that learns its name, outcome and attributes only at the end (a
/// request's route, an event's outcome). Started only when the exporter is on and the trace is
/// sampled: otherwise neither the clock is read nor the name and attributes are built.
public struct SpanTimer: Sendable {
    public let trace: TraceParent
    let kind: Span.Kind
    let exporter: SpanExporter
    let start: UInt64?

    public init(_ trace: TraceParent, kind: Span.Kind, exporter: SpanExporter = .shared) {
        self.trace = trace
        self.kind = kind
        self.exporter = exporter
        self.start = exporter.isEnabled && trace.isSampled ? Span.now() : nil
    }

    /// Whether `end` will record anything.
    public var isRecording: Bool { start != nil }

    /// Records the span (once started), evaluating the name, error and attributes only then.
    public func end(
        name: @autoclosure () -> String, error: @autoclosure () -> String? = nil,
        attributes: () -> [String: SpanValue] = { [:] }
    ) {
        guard let start else { return }
        exporter.record(
            Span(
                trace: trace, name: name(), kind: kind, start: start, end: Span.now(), attributes: attributes(),
                error: error()))
    }
}
