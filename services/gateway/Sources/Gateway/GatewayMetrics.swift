import Foundation
import Metrics

/// The gateway's own series on `/metrics` (besides Hummingbird's per-route request metrics):
///
/// - `gateway_upstream_duration_seconds{upstream,route,status}`: time to the upstream's answer
///   head (a histogram; its `_count` per status is the per-route, per-upstream status count);
/// - `gateway_ratelimit_rejections_total{upstream}`: calls refused with 429;
/// - `gateway_cache_requests_total{result}`: hit, not-modified, miss, bypass (see `CacheMetrics`).
enum GatewayMetrics {
    static func upstream(service: String, path: String, status: Int, since started: ContinuousClock.Instant) {
        upstreamTimer(service: service, route: route(path, status: status), status: status)
            .record(duration: ContinuousClock.now - started)
    }

    static func upstreamTimer(service: String, route: String, status: Int) -> Timer {
        Timer(
            label: "gateway_upstream_duration_seconds",
            dimensions: [("upstream", service), ("route", route), ("status", String(status))],
            preferredDisplayUnit: .seconds)
    }

    static func rateLimited(service: String) {
        Counter(label: "gateway_ratelimit_rejections_total", dimensions: [("upstream", service)]).increment()
    }

    /// The route label: the first path segment (`/films`), which names a resource in every
    /// service's API; unknown paths (404) share one label so that they cannot grow the series.
    static func route(_ path: String, status: Int) -> String {
        guard status != 404 else { return "other" }
        let first = path.split(separator: "/").first.map { "/\($0)" } ?? "/"
        return first.count <= 40 ? first : "other"
    }
}
