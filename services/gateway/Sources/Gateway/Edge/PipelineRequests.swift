import HTTPTypes
import Metrics
import NIOHTTPTypes
import Synchronization

/// The request order a pipeline handler that answers some requests itself must keep (HTTP/1.1
/// answers in request order): which request is being read — handed on to the router or taken by
/// the handler — and how many requests handed on are still unanswered. A request may be taken
/// only while none is; `WebFastPath` and `ApiFastPath` keep one per connection.
struct RequestOrder {
    enum Current { case none, handedOn, taken }

    private(set) var current = Current.none
    /// Requests handed on whose response has not ended yet.
    private var handedOnUnanswered = 0

    /// Nothing handed on is unanswered: the next request may be answered out of the router.
    var mayTake: Bool { handedOnUnanswered == 0 }

    mutating func take() { current = .taken }

    mutating func handOn() {
        current = .handedOn
        handedOnUnanswered += 1
    }

    /// A body or end part of the request being read: true when it goes on to the router (the
    /// request was handed on). An end part ends the request.
    mutating func passesOn(_ part: HTTPRequestPart) -> Bool {
        let handedOn = current == .handedOn
        if case .end = part { current = .none }
        return handedOn
    }

    /// A response part written: the end of one answers the oldest request handed on.
    mutating func wrote(_ part: HTTPResponsePart) {
        if case .end = part, handedOnUnanswered > 0 { handedOnUnanswered -= 1 }
    }
}

/// The request series Hummingbird's `MetricsMiddleware` keeps (`hb_requests`,
/// `http_server_request_duration`), for GETs a pipeline handler answers: one counter and timer
/// per route and status, made on first use and kept.
final class RequestSeries: Sendable {
    private struct Key: Hashable {
        let route: String
        let status: Int
    }
    private struct Series: Sendable {
        let counter: Counter
        let timer: Metrics.Timer
    }
    private let series = Mutex<[Key: Series]>([:])
    /// Requests recorded so far (for tests).
    let count = Atomic<Int>(0)

    func record(route: String, status: Int, nanoseconds: UInt64) {
        count.add(1, ordering: .relaxed)
        let key = Key(route: route, status: status)
        let series = self.series.withLock { table in
            if let known = table[key] { return known }
            let dimensions = [
                ("http.route", route), ("http.request.method", "GET"), ("http.response.status_code", "\(status)"),
            ]
            let made = Series(
                counter: Counter(label: "hb.requests", dimensions: dimensions),
                timer: Metrics.Timer(
                    label: "http.server.request.duration", dimensions: dimensions, preferredDisplayUnit: .seconds))
            table[key] = made
            return made
        }
        series.counter.increment()
        series.timer.recordNanoseconds(Int64(clamping: nanoseconds))
    }
}
