import ServiceKit
import TraceContext

/// The CLIENT span of one upstream call (when tracing is on): from the request sent to the
/// upstream's response head, child of the gateway's SERVER span; its id is the `traceparent`
/// the upstream receives, so the upstream's SERVER span is its child.
struct UpstreamSpan {
    let timer: SpanTimer
    let method: String
    let service: String
    let path: String

    init(trace: TraceParent, method: String, service: String, path: String) {
        self.timer = SpanTimer(trace, kind: .client)
        self.method = method
        self.service = service
        self.path = path
    }

    func end(status: Int?, error: String? = nil) {
        timer.end(name: "\(method) \(service)", error: error ?? status.flatMap { $0 >= 500 ? "HTTP \($0)" : nil }) {
            var attributes: [String: SpanValue] = [
                "http.request.method": .string(method), "server.address": .string(service),
                "url.path": .string(path),
            ]
            if let status { attributes["http.response.status_code"] = .int(status) }
            return attributes
        }
    }
}
