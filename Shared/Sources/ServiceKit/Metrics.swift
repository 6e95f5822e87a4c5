import Hummingbird
import Metrics
import Prometheus
import Synchronization

/// Prometheus metrics for the process: swift-metrics is bootstrapped once with this registry,
/// and `/metrics` renders it in the text exposition format.
public enum MetricsSetup {
    private static let state = Mutex<PrometheusCollectorRegistry?>(nil)

    /// The process-wide registry (bootstrapping swift-metrics on first use).
    public static var registry: PrometheusCollectorRegistry {
        state.withLock { current in
            if let current { return current }
            let registry = PrometheusCollectorRegistry()
            MetricsSystem.bootstrap(PrometheusMetricsFactory(registry: registry))
            current = registry
            return registry
        }
    }

    public static func addRoute(to router: Router<some RequestContext>) {
        let registry = Self.registry
        router.get("/metrics") { _, _ -> Response in
            var buffer = [UInt8]()
            buffer.reserveCapacity(8192)
            registry.emit(into: &buffer)
            return Response(
                status: .ok,
                headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
                body: .init(byteBuffer: ByteBuffer(bytes: buffer))
            )
        }
    }
}
