import AsyncHTTPClient
import Configuration
import Foundation
import Logging
import Metrics
import NIOCore
import ServiceLifecycle
import Synchronization
import TraceContext

/// Trace export settings, OpenTelemetry's own names (so that `OTEL_EXPORTER_OTLP_ENDPOINT` works
/// as everywhere): `otel.exporter.otlp.endpoint` (the collector's OTLP/HTTP base URL, e.g.
/// `http://otel-collector:4318`; spans go to `<endpoint>/v1/traces`; empty: tracing off),
/// `otel.exporter.otlp.headers` (secret; `name=value,name=value`, e.g. an API key of a hosted
/// collector), `otel.service.name` (default: the service's name).
public struct TracingConfig: Sendable {
    public var tracesURL: String?
    public var headers: [(String, String)]
    public var serviceName: String?
    public var isMisconfigured = false

    public init(endpoint: String?, headers: [(String, String)] = [], serviceName: String? = nil) {
        self.tracesURL = endpoint.flatMap(Self.tracesURL)
        self.headers = headers
        self.serviceName = serviceName
    }

    /// An endpoint that is not an http(s) URL leaves tracing off (`isMisconfigured`, logged at
    /// start-up): tracing is never a reason for a service not to start.
    public init(reader: ConfigReader) {
        let raw = reader.string(forKey: "otel.exporter.otlp.endpoint", default: "")
        let headers = reader.string(forKey: "otel.exporter.otlp.headers", isSecret: true, default: "")
        let name = reader.string(forKey: "otel.service.name", default: "")
        self.init(
            endpoint: raw.isEmpty ? nil : raw, headers: Self.headers(headers), serviceName: name.isEmpty ? nil : name)
        isMisconfigured = !raw.isEmpty && tracesURL == nil
    }

    static func tracesURL(_ endpoint: String) -> String? {
        guard let url = URL(string: endpoint), ["http", "https"].contains(url.scheme ?? ""), url.host != nil else {
            return nil
        }
        return endpoint.hasSuffix("/") ? endpoint + "v1/traces" : endpoint + "/v1/traces"
    }

    static func headers(_ text: String) -> [(String, String)] {
        text.split(separator: ",").compactMap { pair in
            let parts = pair.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            guard parts.count == 2, !parts[0].isEmpty else { return nil }
            return (parts[0], parts[1].removingPercentEncoding ?? parts[1])
        }
    }
}

/// Sends finished spans to an OpenTelemetry collector over OTLP/HTTP (JSON encoding), in batches:
/// `record` only appends to a bounded in-memory queue (the newest 4,096; older spans are dropped and
/// counted), and a background service sends up to 512 spans per request, at least once a second.
/// A slow or absent collector never delays a request. Off (nothing recorded) until configured with
/// an endpoint; spans of unsampled traces are never recorded.
public final class SpanExporter: Sendable {
    private struct State {
        var config = TracingConfig(endpoint: nil)
        var service = "unknown"
        var queue: [Span] = []
    }

    static let capacity = 4096
    static let batchSize = 512

    private let state = Mutex(State())
    private let wakeup = LoopWakeup()
    /// `config.tracesURL != nil`, readable without the lock (asked on every request).
    private let enabled = Atomic<Bool>(false)
    private let client: HTTPClient
    private let exported = Counter(label: "traces_spans_exported_total")
    private let dropped = Counter(label: "traces_spans_dropped_total")
    private let failures = Counter(label: "traces_export_failures_total")

    /// The process's exporter (off until `configure`), like the error reporter.
    public static let shared = SpanExporter(client: .outbound)

    init(client: HTTPClient) { self.client = client }

    public func configure(_ config: TracingConfig, service: String) {
        state.withLock {
            $0.config = config
            $0.service = config.serviceName ?? service
        }
        enabled.store(config.tracesURL != nil, ordering: .relaxed)
    }

    public var isEnabled: Bool { enabled.load(ordering: .relaxed) }

    /// Queues a finished span; returns at once.
    public func record(_ span: Span) {
        guard isEnabled, span.trace.isSampled else { return }
        let (overflow, full) = state.withLock { state -> (Bool, Bool) in
            guard state.config.tracesURL != nil else { return (false, false) }
            let overflow = state.queue.count >= Self.capacity
            if overflow { state.queue.removeFirst() }
            state.queue.append(span)
            return (overflow, state.queue.count >= Self.batchSize)
        }
        if overflow { dropped.increment() }
        if full { wakeup.wake() }
    }

    /// Records a span around `body`: `name` and `kind`, the task's trace continued as its parent
    /// (`TraceParent.current`, or `parent` when given), the error if it throws.
    public func withSpan<T>(
        _ name: String, kind: Span.Kind, parent: TraceParent? = nil, attributes: [String: SpanValue] = [:],
        _ body: (TraceParent) async throws -> T
    ) async rethrows -> T {
        let timer = SpanTimer((parent ?? TraceParent.current)?.child() ?? .root(), kind: kind, exporter: self)
        do {
            let value = try await TraceParent.$current.withValue(timer.trace) { try await body(timer.trace) }
            timer.end(name: name, attributes: { attributes })
            return value
        } catch {
            timer.end(name: name, error: String(describing: type(of: error)), attributes: { attributes })
            throw error
        }
    }

    /// Sends everything queued now, a batch at a time (each bounded by `timeout`).
    public func flush(timeout: Duration = .seconds(3)) async {
        while true {
            let (batch, url, headers, service) = state.withLock { state in
                let batch = Array(state.queue.prefix(Self.batchSize))
                state.queue.removeFirst(batch.count)
                return (batch, state.config.tracesURL, state.config.headers, state.service)
            }
            guard let url, !batch.isEmpty else { return }
            await send(batch, to: url, headers: headers, service: service, timeout: timeout)
        }
    }

    /// The sending loop, run as a service of the service group: a batch when 512 spans are
    /// waiting, else whatever is queued every second.
    public func run() async {
        while !Task.isCancelled {
            await wakeup.wait { state.withLock { $0.queue.count >= Self.batchSize } }
            await flush()
        }
    }

    /// Resumes the sending loop (the once-a-second tick).
    func wake() { wakeup.wake() }

    private func send(
        _ spans: [Span], to url: String, headers: [(String, String)], service: String, timeout: Duration
    ) async {
        guard let body = Self.request(spans, service: service) else { return }
        var request = HTTPClientRequest(url: url)
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/json")
        for (name, value) in headers { request.headers.add(name: name, value: value) }
        request.body = .bytes(ByteBuffer(data: body))
        do {
            let response = try await client.execute(request, timeout: .seconds(Int64(timeout.components.seconds)))
            _ = try? await response.body.collect(upTo: 1 << 16)
            if (200..<300).contains(response.status.code) {
                exported.increment(by: spans.count)
            } else {
                failures.increment()
            }
        } catch {
            failures.increment()
        }
    }

    /// An `ExportTraceServiceRequest` in OTLP/JSON: one resource (the service), one scope.
    static func request(_ spans: [Span], service: String) -> Data? {
        let resource: [String: SpanValue] = [
            "service.name": .string(service), "service.version": .string(BuildInfo.version),
            "service.namespace": "homestudio", "telemetry.sdk.name": "homestudio", "telemetry.sdk.language": "swift",
        ]
        let payload: [String: Any] = [
            "resourceSpans": [
                [
                    "resource": ["attributes": Span.otlp(resource)],
                    "scopeSpans": [
                        [
                            "scope": ["name": "homestudio", "version": BuildInfo.version],
                            "spans": spans.map(\.otlp),
                        ]
                    ],
                ]
            ]
        ]
        return try? JSONSerialization.data(withJSONObject: payload, options: [.sortedKeys])
    }
}

/// Runs the exporter's sending loop in a service group, with its once-a-second tick (until
/// graceful shutdown, then a flush of what is left).
public struct SpanExporterService: Service {
    let exporter: SpanExporter

    public init(exporter: SpanExporter = .shared) { self.exporter = exporter }

    public func run() async throws {
        guard exporter.isEnabled else {
            // Off: nothing to send, but a service that returns early would end its group.
            try? await gracefulShutdown()
            return
        }
        await cancelWhenGracefulShutdown {
            await withDiscardingTaskGroup { group in
                group.addTask { await exporter.run() }
                while !Task.isCancelled {
                    try? await Task.sleep(for: .seconds(1))
                    exporter.wake()
                }
                group.cancelAll()
            }
        }
        await exporter.flush()
    }
}
