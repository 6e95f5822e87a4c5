import AsyncHTTPClient
import Configuration
import Foundation
import Logging
import NIOCore
import ServiceLifecycle
import Synchronization
import TraceContext

/// Error tracking settings. Keys: `sentry.dsn` (secret; empty: reporting off), `sentry.environment`
/// (default `development`), `sentry.sample.rate` (0 to 1, default 1: the share of errors sent).
public struct ErrorReportingConfig: Sendable {
    public var dsn: SentryDSN?
    public var environment: String
    public var sampleRate: Double
    public var isMisconfigured = false

    public init(dsn: SentryDSN?, environment: String = "development", sampleRate: Double = 1) {
        self.dsn = dsn
        self.environment = environment
        self.sampleRate = min(1, max(0, sampleRate))
    }

    /// A DSN that does not parse leaves reporting off (`isMisconfigured`; the start-up logs it):
    /// error tracking is never a reason for a service not to start.
    public init(reader: ConfigReader) {
        let raw = reader.string(forKey: "sentry.dsn", isSecret: true, default: "")
        let dsn = SentryDSN(raw)
        self.init(
            dsn: dsn, environment: reader.string(forKey: "sentry.environment", default: "development"),
            sampleRate: reader.double(forKey: "sentry.sample.rate", default: 1))
        isMisconfigured = !raw.isEmpty && dsn == nil
    }
}

/// Reports unexpected errors (every 500, a start-up that fails, a message parked for good) to a
/// Sentry-compatible endpoint with the envelope protocol over HTTP: scrubbed (`Scrubber`), sampled,
/// with release, environment, service, request id and trace id. Reports queue in memory (the
/// newest 100) and a background service sends them, so a slow or absent endpoint never delays a
/// request; `flush` sends what is queued at once (before a failed start-up exits).
public final class ErrorReporter: Sendable {
    public struct Report: Sendable {
        public var message: String
        public var errorType: String
        public var level = "error"
        public var tags: [String: String] = [:]
        public var extra: [String: String] = [:]

        public init(message: String, errorType: String, tags: [String: String] = [:], extra: [String: String] = [:]) {
            self.message = message
            self.errorType = errorType
            self.tags = tags
            self.extra = extra
        }
    }

    private struct State {
        var config = ErrorReportingConfig(dsn: nil)
        var service = "unknown"
        var queue: [Data] = []
    }

    private let state = Mutex(State())
    private let wakeup = LoopWakeup()
    private let client: HTTPClient

    /// The process's reporter (off until `configure`), like the logging and metrics systems.
    public static let shared = ErrorReporter(client: .outbound)

    init(client: HTTPClient) { self.client = client }

    public func configure(_ config: ErrorReportingConfig, service: String) {
        state.withLock {
            $0.config = config
            $0.service = service
        }
    }

    public var isEnabled: Bool { state.withLock { $0.config.dsn != nil } }

    /// Queues a report (sampled); returns at once.
    public func report(_ report: Report) {
        let queued = state.withLock { state -> Bool in
            guard state.config.dsn != nil, Double.random(in: 0..<1) < state.config.sampleRate,
                let envelope = Self.envelope(report, config: state.config, service: state.service)
            else { return false }
            if state.queue.count >= 100 { state.queue.removeFirst() }
            state.queue.append(envelope)
            return true
        }
        if queued { wakeup.wake() }
    }

    /// An unexpected error of a request: its type and description, scrubbed, with the request's ids.
    public func report(_ error: any Error, method: String, path: String, requestID: String?) {
        var tags = ["http.method": method, "http.route": path]
        tags["request_id"] = requestID
        report(Report(message: String(describing: error), errorType: String(reflecting: type(of: error)), tags: tags))
    }

    /// Sends everything queued now (bounded by `timeout`).
    public func flush(timeout: Duration = .seconds(3)) async {
        let (pending, dsn) = state.withLock { state in
            defer { state.queue = [] }
            return (state.queue, state.config.dsn)
        }
        guard let dsn else { return }
        for envelope in pending { await send(envelope, to: dsn, timeout: timeout) }
    }

    /// The sending loop, run as a service of the service group.
    public func run() async {
        while !Task.isCancelled {
            await wakeup.wait { state.withLock { !$0.queue.isEmpty } }
            await flush()
        }
    }

    private func send(_ envelope: Data, to dsn: SentryDSN, timeout: Duration) async {
        var request = HTTPClientRequest(url: dsn.envelopeURL)
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/x-sentry-envelope")
        request.headers.add(name: "X-Sentry-Auth", value: dsn.authHeader)
        request.body = .bytes(ByteBuffer(data: envelope))
        _ = try? await client.execute(request, timeout: .seconds(Int64(timeout.components.seconds)))
    }

    /// The envelope: a header line, an item header line and the event, each JSON, newline-separated.
    static func envelope(_ report: Report, config: ErrorReportingConfig, service: String) -> Data? {
        guard let dsn = config.dsn else { return nil }
        let id = UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased()
        let now = Date().ISO8601Format()
        var tags = report.tags.mapValues(Scrubber.scrub)
        tags["service"] = service
        if let trace = TraceParent.current { tags["trace_id"] = trace.traceID }
        var event: [String: Any] = [
            "event_id": id, "timestamp": now, "platform": "other", "level": report.level, "logger": service,
            "server_name": service, "release": "homestudio@\(BuildInfo.version)", "environment": config.environment,
            "tags": tags, "extra": report.extra.mapValues(Scrubber.scrub),
            "exception": ["values": [["type": report.errorType, "value": Scrubber.scrub(report.message)]]],
        ]
        if let trace = TraceParent.current {
            event["contexts"] = ["trace": ["trace_id": trace.traceID, "span_id": trace.spanID]]
        }
        guard
            let header = try? JSONSerialization.data(withJSONObject: ["event_id": id, "dsn": dsn.raw, "sent_at": now]),
            let body = try? JSONSerialization.data(withJSONObject: event, options: [.sortedKeys])
        else { return nil }
        let item = Data(#"{"type":"event","content_type":"application/json","length":\#(body.count)}"#.utf8)
        return header + Data("\n".utf8) + item + Data("\n".utf8) + body + Data("\n".utf8)
    }
}

/// Runs the reporter's sending loop in a service group (until graceful shutdown, then a flush).
public struct ErrorReporterService: Service {
    let reporter: ErrorReporter

    public init(reporter: ErrorReporter = .shared) { self.reporter = reporter }

    public func run() async throws {
        await cancelWhenGracefulShutdown { await reporter.run() }
        await reporter.flush()
    }
}

extension ErrorReporter {
    /// Runs a service's whole life; an error that ends it (a start-up that fails: configuration,
    /// database, migrations; or a service that stops on an error) is reported and sent before the
    /// error ends the process.
    nonisolated(nonsending) public static func reportingFailure(
        of service: String, reader: ConfigReader, _ body: () async throws -> Void
    ) async throws {
        do {
            try await body()
        } catch {
            if !shared.isEnabled { shared.configure(ErrorReportingConfig(reader: reader), service: service) }
            shared.report(
                Report(
                    message: "\(service) stopped on an error: \(error)", errorType: String(reflecting: type(of: error)),
                    tags: ["phase": "lifecycle"]))
            await shared.flush()
            throw error
        }
    }
}
