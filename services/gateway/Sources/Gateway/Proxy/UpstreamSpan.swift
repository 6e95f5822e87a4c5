import ServiceKit
import TraceContext

/// The CLIENT span of one upstream call (when tracing is on): from the request sent to the
/// upstream's response head, child of the gateway's SERVER span; its id is the `traceparent`
/// the upstream receives, so the upstream's SERVER span is its child.
struct UpstreamSpan {
    let trace: TraceParent
    let method: String
    let service: String
    let path: String
    let start: UInt64

    init(trace: TraceParent, method: String, service: String, path: String) {
        self.trace = trace
        self.method = method
        self.service = service
        self.path = path
        self.start = SpanExporter.shared.isEnabled ? Span.now() : 0
    }

    func end(status: Int?, error: String? = nil) {
        guard SpanExporter.shared.isEnabled else { return }
        var attributes: [String: SpanValue] = [
            "http.request.method": .string(method), "server.address": .string(service), "url.path": .string(path),
        ]
        if let status { attributes["http.response.status_code"] = .int(status) }
        let failure = error ?? status.flatMap { $0 >= 500 ? "HTTP \($0)" : nil }
        SpanExporter.shared.record(
            Span(
                trace: trace, name: "\(method) \(service)", kind: .client, start: start, end: Span.now(),
                attributes: attributes, error: failure))
    }
}
