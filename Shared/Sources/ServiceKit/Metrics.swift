import Hummingbird
import Metrics
import Prometheus
import Synchronization

/// Prometheus metrics for the process: swift-metrics is bootstrapped once with this registry,
/// and `/metrics` renders it in the text exposition format, with the process series, `build_info`
/// and a `# HELP` line for every series (swift-metrics' API has no help text: the catalogue below
/// supplies it).
public enum MetricsSetup {
    private struct State {
        var registry: PrometheusCollectorRegistry
        var process: ProcessMetrics
    }
    private static let state = Mutex<State?>(nil)

    /// The process-wide registry (bootstrapping swift-metrics on first use).
    public static var registry: PrometheusCollectorRegistry { current.registry }

    private static var current: State {
        state.withLock { current in
            if let current { return current }
            let registry = PrometheusCollectorRegistry()
            MetricsSystem.bootstrap(PrometheusMetricsFactory(registry: registry))
            let made = State(registry: registry, process: ProcessMetrics(registry: registry))
            current = made
            return made
        }
    }

    /// `build_info{service,version,commit} 1`: which release each instance runs.
    public static func describeBuild(service: String) {
        registry.makeGauge(
            descriptor: .named(
                "build_info", help: "The running release: always 1, labelled with service, version and commit"),
            labels: [("service", service), ("version", BuildInfo.version), ("commit", BuildInfo.commit)]
        ).set(to: 1.0)
    }

    /// A histogram of seconds with its own buckets (swift-metrics' recorders get the factory's
    /// default buckets); its help text comes from `MetricsHelp`.
    public static func secondsHistogram(_ name: String, buckets: [Double]) -> SecondsHistogram {
        SecondsHistogram(
            histogram: registry.makeValueHistogram(
                descriptor: .named(name, help: MetricsHelp.text(for: name)), buckets: buckets))
    }

    public static func addRoute(to router: Router<some RequestContext>) {
        router.get("/metrics") { _, _ -> Response in
            let state = current
            state.process.update()
            var buffer = [UInt8]()
            buffer.reserveCapacity(16384)
            state.registry.emit(into: &buffer)
            return Response(
                status: .ok,
                headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
                body: .init(byteBuffer: ByteBuffer(bytes: withHelp(buffer)))
            )
        }
    }

    /// The exposition with a `# HELP` line before each `# TYPE` line that has none.
    static func withHelp(_ exposition: [UInt8]) -> [UInt8] {
        var out: [String] = []
        var previous = ""
        for line in String(decoding: exposition, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
        {
            if line.hasPrefix("# TYPE "), !previous.hasPrefix("# HELP ") {
                let name = String(line.dropFirst(7).prefix { $0 != " " })
                out.append("# HELP \(name) \(MetricsHelp.text(for: name))")
            }
            out.append(String(line))
            previous = String(line)
        }
        return Array(out.joined(separator: "\n").utf8)
    }
}

/// A Prometheus histogram of durations in seconds (see `MetricsSetup.secondsHistogram`).
public struct SecondsHistogram: Sendable {
    let histogram: ValueHistogram

    public func record(_ seconds: Double) { histogram.record(max(0, seconds)) }
}

/// Help texts of the series made through swift-metrics (by Hummingbird and by our code).
public enum MetricsHelp {
    static let texts: [String: String] = [
        "hb_requests": "HTTP requests received, by route and method",
        "hb_request_errors": "HTTP requests that ended in an error, by route, method and error",
        "hb_request_duration": "Duration of HTTP requests in seconds",
        "http_server_request_duration": "Duration of HTTP requests in seconds, by route, method and status",
        "http_server_active_requests": "HTTP requests in progress",
        "events_published_total": "Events the outbox relay published to the broker",
        "events_consumed_total": "Events handled by this service's consumer, by type and outcome",
        "outbox_backlog": "Outbox rows not yet published",
        "outbox_oldest_age_seconds": "Age of the oldest outbox row not yet published, in seconds (0 when none)",
        "messages_parked": "Parked messages waiting for staff (neither replayed nor discarded)",
        "retention_rows_deleted_total": "Rows deleted by the retention job, by table",
        "gateway_ratelimit_rejections_total": "Calls refused by the gateway's rate limits, by upstream",
        "gateway_cache_requests_total": "Lookups in the gateway's response cache, by result",
        "notifications_alert_rule_failures_total": "Alert rules that failed to evaluate, by kind",
        "notifications_sent_total": "Messages delivered or failed, by channel and outcome",
        "checkouts_total": "Checkouts by payment provider and outcome",
        "refunds_total": "Refunds made, by cause (staff or event) and what they cover",
        "holds_total": "Seat holds by outcome (created, confirmed, released, expired)",
        "amqp_queue_messages": "Ready messages in each of the service's own queues (passive queue.declare)",
        "amqp_queue_consumers": "Consumers of each of the service's own queues",
        "amqp_consumer_lag_seconds": "Time from an event's occurrence to its handling by this service, in seconds",
        "db_pool_connections_max": "Largest number of database connections the pool may open (database.pool.size)",
        "db_pool_connections_open":
            "Database connections this instance has open (pg_stat_activity, by application_name)",
        "db_pool_connections_in_use": "Database connections of this instance running a statement or in a transaction",
        "db_pool_acquire_duration_seconds":
            "Round trip of a one-row probe query through the pool, in seconds: the wait for a connection included",
        "traces_spans_exported_total": "Spans accepted by the OpenTelemetry collector",
        "traces_spans_dropped_total": "Spans dropped because the export queue was full (collector slow or down)",
        "traces_export_failures_total": "Export requests to the collector that failed or were refused",
    ]

    public static func text(for name: String) -> String { texts[name] ?? "Homestudio series \(name)" }
}
