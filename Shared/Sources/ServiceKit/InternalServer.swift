import Hummingbird
import Logging
import ServiceLifecycle

/// The internal listener of a service: `/health/live`, `/health/ready`, `/health` and `/metrics`
/// on `http.internal.port`, a port that the gateway never proxies and an ingress never exposes
/// (Kubernetes probes and Prometheus scraping reach it inside the cluster). It also configures and
/// runs the process's `ErrorReporter` and `SpanExporter`.
public enum InternalServer {
    public static func router(health: HealthController) -> Router<BasicRequestContext> {
        let router = Router(context: BasicRequestContext.self)
        health.addRoutes(to: router)
        MetricsSetup.addRoute(to: router)
        return router
    }

    /// An application to run as one of the service's services (it stops last: put it first).
    public static func application(
        config: HTTPServerConfig, health: HealthController, name: String, logger: Logger
    ) -> some Service {
        MetricsSetup.describeBuild(service: name)
        ErrorReporter.shared.configure(config.errorReporting, service: name)
        if config.errorReporting.isMisconfigured {
            logger.error("sentry.dsn is not a DSN (https://KEY@HOST/PROJECT_ID): errors are not reported")
        }
        SpanExporter.shared.configure(config.tracing, service: name)
        if config.tracing.isMisconfigured {
            logger.error("otel.exporter.otlp.endpoint is not an http(s) URL: spans are not exported")
        }
        return Application(
            router: router(health: health),
            configuration: .init(
                address: .hostname(config.internalHost, port: config.internalPort), serverName: "\(name)-internal"),
            // The error reporter's and the exporter's loops live as long as this listener, which stops last.
            services: [ErrorReporterService(), SpanExporterService()],
            logger: logger)
    }
}
