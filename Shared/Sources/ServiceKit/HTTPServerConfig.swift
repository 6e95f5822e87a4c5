import Configuration

/// HTTP listener and logging settings shared by every service.
///
/// Keys: `http.host` (default 127.0.0.1), `http.port` (default 8080), `http.internal.host` (default
/// `http.host`), `http.internal.port` (health and metrics, never exposed at the edge; default 9090),
/// `log.level` (default info), `log.format` (json or text, default json), `sentry.dsn`,
/// `sentry.environment`, `sentry.sample.rate` (see `ErrorReportingConfig`), `otel.exporter.otlp.endpoint`,
/// `otel.exporter.otlp.headers`, `otel.service.name` (see `TracingConfig`).
public struct HTTPServerConfig: Sendable {
    public var host: String
    public var port: Int
    public var internalHost: String
    public var internalPort: Int
    public var logLevel: String
    public var logFormat: String
    /// `sentry.*`: where unexpected errors are reported (`ErrorReporter`).
    public var errorReporting: ErrorReportingConfig
    /// `otel.*`: where spans are exported (`SpanExporter`).
    public var tracing: TracingConfig

    public init(reader: ConfigReader) {
        host = reader.string(forKey: "http.host", default: "127.0.0.1")
        port = reader.int(forKey: "http.port", default: 8080)
        internalHost = reader.string(forKey: "http.internal.host", default: host)
        internalPort = reader.int(forKey: "http.internal.port", default: 9090)
        logLevel = reader.string(forKey: "log.level", default: "info")
        logFormat = reader.string(forKey: "log.format", default: "json")
        errorReporting = ErrorReportingConfig(reader: reader)
        tracing = TracingConfig(reader: reader)
    }
}
