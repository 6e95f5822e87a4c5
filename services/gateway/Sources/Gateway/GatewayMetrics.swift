import Foundation
import Metrics
import Synchronization

/// The gateway's own series on `/metrics` (besides Hummingbird's per-route request metrics):
///
/// - `gateway_upstream_duration_seconds{upstream,route,status}`: time to the upstream's answer
///   head (a histogram; its `_count` per status is the per-route, per-upstream status count);
/// - `gateway_ratelimit_rejections_total{upstream}`: calls refused with 429;
/// - `gateway_cache_requests_total{result}`: hit, not-modified, miss, bypass (see `CacheMetrics`).
enum GatewayMetrics {
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

/// `gateway_upstream_duration_seconds` of one upstream (`Upstream.durations`), recorded by the
/// router's path and by the channel forwarding alike: its timers are kept per route and status
/// instead of looked up in the metrics registry on every call.
final class UpstreamDurations: Sendable {
    let service: String
    private struct Key: Hashable {
        let route: String
        let status: Int
    }
    private let timers = Mutex<[Key: Timer]>([:])

    init(service: String) { self.service = service }

    func record(path: String, status: Int, duration: Duration) {
        let key = Key(route: GatewayMetrics.route(path, status: status), status: status)
        let timer = timers.withLock { timers in
            if let known = timers[key] { return known }
            let made = Timer(
                label: "gateway_upstream_duration_seconds",
                dimensions: [("upstream", service), ("route", key.route), ("status", String(status))],
                preferredDisplayUnit: .seconds)
            timers[key] = made
            return made
        }
        timer.record(duration: duration)
    }
}
