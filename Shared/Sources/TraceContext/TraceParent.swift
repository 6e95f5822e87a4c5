/// The W3C Trace Context (`traceparent`, https://www.w3.org/TR/trace-context/) of the work in
/// progress: set from the request by the HTTP middleware, from the envelope by the event
/// consumer, written into every event an outbox row carries, and printed as `traceId` in every
/// log line, so that one booking can be followed through every service by one id.
public struct TraceParent: Sendable, Equatable {
    /// 32 lower-case hex digits, shared by every span of the trace.
    public let traceID: String
    /// 16 lower-case hex digits: this span (the parent of the spans it starts).
    public let spanID: String
    /// Trace flags, `01` = sampled.
    public let flags: String
    /// The span that started this one (the caller's, or the producer's of an event); nil for a root.
    public let parentSpanID: String?

    /// The trace of the task in progress (a request or an event being handled), if any.
    @TaskLocal public static var current: TraceParent?

    public var header: String { "00-\(traceID)-\(spanID)-\(flags)" }

    init(traceID: String, spanID: String, flags: String, parentSpanID: String? = nil) {
        self.traceID = traceID
        self.spanID = spanID
        self.flags = flags
        self.parentSpanID = parentSpanID
    }

    /// Whether the trace's spans are to be recorded (the `sampled` flag).
    public var isSampled: Bool { flags.last.map { "13579bdf".contains($0) } ?? false }

    /// Parses a `traceparent` header; nil when absent or invalid (version ff, zero ids,
    /// upper-case or non-hex digits, wrong lengths).
    public init?(header: String?) {
        guard let header else { return nil }
        let parts = header.split(separator: "-", omittingEmptySubsequences: false).map(String.init)
        guard parts.count >= 4, parts[0].count == 2, parts[0] != "ff", parts[1].count == 32, parts[2].count == 16,
            parts[3].count == 2, parts.prefix(4).allSatisfy(Self.isLowerHex),
            parts[1] != String(repeating: "0", count: 32), parts[2] != String(repeating: "0", count: 16),
            parts[0] != "00" || parts.count == 4
        else { return nil }
        self.init(traceID: parts[1], spanID: parts[2], flags: parts[3])
    }

    /// A new sampled trace.
    public static func root() -> TraceParent {
        TraceParent(traceID: randomHex(bytes: 16), spanID: randomHex(bytes: 8), flags: "01")
    }

    /// A span of the same trace started by this one.
    public func child() -> TraceParent {
        TraceParent(traceID: traceID, spanID: Self.randomHex(bytes: 8), flags: flags, parentSpanID: spanID)
    }

    /// A child of the given header's span when it is valid, else a new trace.
    public static func continuing(_ header: String?) -> TraceParent {
        TraceParent(header: header)?.child() ?? root()
    }

    static func isLowerHex(_ text: String) -> Bool {
        text.utf8.allSatisfy { (48...57).contains($0) || (97...102).contains($0) }
    }

    /// Lower-case hex of `count` random bytes (`RandomPool`).
    static func randomHex(bytes count: Int) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var out: [UInt8] = []
        out.reserveCapacity(count * 2)
        var word: UInt64 = 0
        for index in 0..<count {
            if index % 8 == 0 { word = RandomPool.next() }
            let byte = UInt8(truncatingIfNeeded: word >> (UInt64(index % 8) * 8))
            out.append(digits[Int(byte >> 4)])
            out.append(digits[Int(byte & 0x0F)])
        }
        return String(decoding: out, as: UTF8.self)
    }
}
