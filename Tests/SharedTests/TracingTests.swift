import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import ServiceKit
import TestSupport
import Testing

@testable import TraceContext

/// Spans leave over OTLP/HTTP (JSON) for a collector, only when one is configured (issue 19).
@Suite("tracing", .serialized)
struct TracingTests {
    @Test("the endpoint names the traces URL; anything but an http(s) URL leaves tracing off")
    func configuration() {
        #expect(TracingConfig(endpoint: "http://collector:4318").tracesURL == "http://collector:4318/v1/traces")
        #expect(TracingConfig(endpoint: "https://otel.example/").tracesURL == "https://otel.example/v1/traces")
        for bad in ["collector:4318", "ftp://collector", "not a url", ""] {
            #expect(TracingConfig(endpoint: bad).tracesURL == nil, "\(bad)")
        }
        #expect(TracingConfig(endpoint: nil).tracesURL == nil)
    }

    @Test("a request is a SERVER span named after its route, child of the caller's span, sent in OTLP/JSON")
    func serverSpan() async throws {
        let collector = FakeCollector()
        try await collector.start()
        defer { Task { await collector.stop() } }
        let exporter = SpanExporter.shared
        exporter.configure(TracingConfig(endpoint: "http://127.0.0.1:\(await collector.port)"), service: "tests")
        defer { exporter.configure(TracingConfig(endpoint: nil), service: "tests") }

        let router = ServiceRouter.make(openAPI: OpenAPIDocument(json: #"{"openapi":"3.1.0","paths":{}}"#))
        router.get("/films/:id") { _, _ -> String in "ok" }
        router.get("/broken") { _, _ -> String in throw HTTPError(.serviceUnavailable) }
        // Ids of this test's own: other suites send the W3C examples through the same exporter.
        let trace = TraceParent.root().traceID
        let caller = TraceParent.root().spanID
        let unsampled = TraceParent.root().traceID
        try await Application(router: router).test(.router) { client in
            let headers: HTTPFields = [.traceparent: "00-\(trace)-\(caller)-01"]
            #expect(try await client.execute(uri: "/films/42", method: .get, headers: headers).status == .ok)
            _ = try await client.execute(uri: "/broken", method: .get, headers: headers)
            _ = try await client.execute(
                uri: "/films/7", method: .get, headers: [.traceparent: "00-\(unsampled)-\(caller)-00"])
        }
        await exporter.flush()
        let spans = await collector.spans(trace: trace)
        let film = try #require(spans.first { $0.name == "GET /films/{id}" })
        #expect(film.service == "tests")
        #expect(film.kind == 2)
        #expect(film.parentSpanID == caller)
        #expect(film.spanID != caller)
        #expect(film.attributes["http.response.status_code"] == "200")
        #expect(film.attributes["url.path"] == "/films/42")
        #expect(film.statusCode == 0)
        let broken = try #require(spans.first { $0.name == "GET /broken" })
        #expect(broken.statusCode == 2)
        #expect(broken.attributes["http.response.status_code"] == "503")
        #expect(await collector.spans(trace: unsampled).isEmpty, "an unsampled trace records nothing")
        #expect(await collector.rejected == 0)
    }

    @Test("withSpan nests spans under the task's trace and marks a thrown error")
    func nestedSpans() async throws {
        let collector = FakeCollector()
        try await collector.start()
        defer { Task { await collector.stop() } }
        let exporter = SpanExporter.shared
        exporter.configure(TracingConfig(endpoint: "http://127.0.0.1:\(await collector.port)"), service: "nest")
        defer { exporter.configure(TracingConfig(endpoint: nil), service: "tests") }
        struct Failed: Error {}
        let root = TraceParent.root()
        let inner = await TraceParent.$current.withValue(root) {
            await exporter.withSpan("outer", kind: .internal) { outer in
                _ = try? await exporter.withSpan("inner", kind: .client) { _ in throw Failed() }
                return outer
            }
        }
        await exporter.flush()
        let spans = await collector.spans(trace: root.traceID)
        #expect(spans.count == 2)
        let outer = try #require(spans.first { $0.name == "outer" })
        #expect(outer.parentSpanID == root.spanID && outer.spanID == inner.spanID)
        let failed = try #require(spans.first { $0.name == "inner" })
        #expect(failed.parentSpanID == outer.spanID && failed.kind == 3 && failed.statusCode == 2)
    }

    @Test("ids come from the random pool: distinct across its refills, every bit set about half the time")
    func randomPool() {
        let words = (0..<2000).map { _ in RandomPool.next() }
        #expect(Set(words).count == words.count)
        for bit in 0..<64 {
            let set = words.filter { $0 >> UInt64(bit) & 1 == 1 }.count
            #expect((800...1200).contains(set), "bit \(bit) set in \(set) of 2000 words")
        }
        let ids = (0..<200).map { _ in TraceParent.root() }
        #expect(Set(ids.map(\.traceID)).count == ids.count)
        #expect(ids.allSatisfy { TraceParent(header: $0.header) != nil })
    }

    @Test("nothing is queued while tracing is off")
    func offByDefault() async throws {
        let exporter = SpanExporter.shared
        exporter.configure(TracingConfig(endpoint: nil), service: "tests")
        #expect(!exporter.isEnabled)
        let collector = FakeCollector()
        try await collector.start()
        defer { Task { await collector.stop() } }
        let root = TraceParent.root()
        exporter.record(Span(trace: root, name: "ignored", kind: .internal, start: 1, end: 2))
        exporter.configure(TracingConfig(endpoint: "http://127.0.0.1:\(await collector.port)"), service: "tests")
        defer { exporter.configure(TracingConfig(endpoint: nil), service: "tests") }
        await exporter.flush()
        #expect(await collector.spans(trace: root.traceID).isEmpty)
    }

    @Test("the collector's decoder refuses what is not an ExportTraceServiceRequest")
    func decoderIsStrict() {
        #expect(FakeCollector.decode(Data("{}".utf8)) == nil)
        let wrongID =
            #"{"resourceSpans":[{"resource":{"attributes":[{"key":"service.name","value":{"stringValue":"x"}}]},"scopeSpans":[{"spans":[{"traceId":"AB","spanId":"00f067aa0ba902b7","name":"n","kind":1,"startTimeUnixNano":"1","endTimeUnixNano":"2","attributes":[]}]}]}]}"#
        #expect(FakeCollector.decode(Data(wrongID.utf8)) == nil)
    }
}
