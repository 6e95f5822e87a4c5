import Foundation
import Hummingbird

/// A local OpenTelemetry collector: `POST /v1/traces` with an OTLP/JSON `ExportTraceServiceRequest`,
/// decoded strictly (a body that is not one is answered 400 and counted), spans kept with their
/// resource's `service.name`.
public actor FakeCollector {
    public struct CollectedSpan: Sendable {
        public var service: String
        public var traceID: String
        public var spanID: String
        public var parentSpanID: String?
        public var name: String
        public var kind: Int
        public var start: UInt64
        public var end: UInt64
        /// Attribute values as text (strings as they are, integers in decimal).
        public var attributes: [String: String]
        public var statusCode: Int
    }

    public private(set) var spans: [CollectedSpan] = []
    public private(set) var rejected = 0
    private var server: Task<Void, any Error>?
    public private(set) var port = 0

    public init() {}

    public func start(port wanted: Int = 0) async throws {
        guard server == nil else { return }
        let router = Router()
        router.post("/v1/traces") { request, _ -> Response in
            let body = try await request.body.collect(upTo: 8 << 20)
            let accepted = await self.receive(Data(buffer: body))
            return Response(
                status: accepted ? .ok : .badRequest, headers: [.contentType: "application/json"],
                body: .init(byteBuffer: ByteBuffer(string: "{}")))
        }
        let (bound, task) = try await launch(router, port: wanted)
        server = task
        port = bound
    }

    public func stop() {
        server?.cancel()
        server = nil
    }

    public func spans(trace: String) -> [CollectedSpan] { spans.filter { $0.traceID == trace } }

    func receive(_ body: Data) -> Bool {
        guard let decoded = Self.decode(body) else {
            rejected += 1
            return false
        }
        spans += decoded
        return true
    }

    /// The spans of an `ExportTraceServiceRequest` (OTLP/JSON: hex ids, 64-bit integers as
    /// strings), or nil when anything required is missing or mistyped.
    public static func decode(_ body: Data) -> [CollectedSpan]? {
        guard let root = try? JSONSerialization.jsonObject(with: body) as? [String: Any],
            let resources = root["resourceSpans"] as? [[String: Any]]
        else { return nil }
        var out: [CollectedSpan] = []
        for resource in resources {
            let attributes = attributes((resource["resource"] as? [String: Any])?["attributes"])
            guard let service = attributes?["service.name"], let scopes = resource["scopeSpans"] as? [[String: Any]]
            else { return nil }
            for scope in scopes {
                guard let spans = scope["spans"] as? [[String: Any]] else { return nil }
                for span in spans {
                    guard let decoded = decodeSpan(span, service: service) else { return nil }
                    out.append(decoded)
                }
            }
        }
        return out
    }

    static func decodeSpan(_ span: [String: Any], service: String) -> CollectedSpan? {
        func hex(_ key: String, _ count: Int) -> String? {
            guard let text = span[key] as? String, text.count == count,
                text.allSatisfy({ $0.isHexDigit && !$0.isUppercase })
            else { return nil }
            return text
        }
        guard let trace = hex("traceId", 32), let id = hex("spanId", 16), let name = span["name"] as? String,
            let kind = span["kind"] as? Int, let start = (span["startTimeUnixNano"] as? String).flatMap(UInt64.init),
            let end = (span["endTimeUnixNano"] as? String).flatMap(UInt64.init), end >= start,
            let attributes = attributes(span["attributes"])
        else { return nil }
        let parent = span["parentSpanId"] == nil ? nil : hex("parentSpanId", 16)
        if span["parentSpanId"] != nil, parent == nil { return nil }
        let status = (span["status"] as? [String: Any])?["code"] as? Int ?? 0
        return CollectedSpan(
            service: service, traceID: trace, spanID: id, parentSpanID: parent, name: name, kind: kind, start: start,
            end: end, attributes: attributes, statusCode: status)
    }

    static func attributes(_ value: Any?) -> [String: String]? {
        guard let list = value as? [[String: Any]] else { return nil }
        var out: [String: String] = [:]
        for entry in list {
            guard let key = entry["key"] as? String, let value = entry["value"] as? [String: Any] else { return nil }
            if let text = value["stringValue"] as? String {
                out[key] = text
            } else if let number = value["intValue"] as? String, Int64(number) != nil {
                out[key] = number
            } else {
                return nil
            }
        }
        return out
    }
}
