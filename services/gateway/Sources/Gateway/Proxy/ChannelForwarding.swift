import AuthKit
import Foundation
import HTTPTypes
import Logging
import NIOCore
import NIOHTTP1
import ServiceKit
import TraceContext

/// The gateway's plain API calls forwarded in the channel pipeline (`ApiFastPath`), without
/// Hummingbird's per-request async machinery and the HTTP client's: the same checks, headers, log
/// line and metrics as the router's `ProxyController`, decided without waiting.
///
/// A call is forwarded here only when everything about it is known at once: a `GET` without a
/// body to `/api/<service>/<path>` (no percent-encoding, no dot or empty segment, not internal),
/// not a cached route, not an event stream, no `Origin` (CORS is the router's), the upstream's
/// breaker closed, a public route or a token `TokenVerifier` already verified, and a
/// rate-limit token at hand (a lease, or the local buckets). Anything else, and every refusal, goes
/// on to the router, which answers it as before.
struct ChannelForwarding: Sendable {
    /// One upstream: where to connect, the path prefix of its base URL, its breaker.
    struct Target: Sendable {
        let name: String
        let host: String
        let port: Int
        let basePath: String
        let upstream: Upstream
    }

    /// What one forwarded call sends and answers with.
    struct Plan {
        let target: Target
        let path: String
        let head: HTTPRequestHead
        let decision: RateLimiter.Decision?
        let requestID: String
        let traceID: String
        let timeout: Duration
        /// The client asked to close the connection after this answer.
        let closing: Bool
        let started: UInt64
        /// The SERVER span of the call and the CLIENT span of the upstream call (when tracing is on).
        let span: SpanTimer
        let upstreamSpan: UpstreamSpan
    }

    let targets: [String: Target]
    let access: AccessPolicy
    let limiter: RateLimiter
    let cache: ResponseCache?
    let headers: ForwardedHeaders
    let config: GatewayConfig
    let logger: Logger
    let metrics = ForwardingMetrics()

    init(
        upstreams: [String: Upstream], access: AccessPolicy, limiter: RateLimiter, cache: ResponseCache?,
        headers: ForwardedHeaders, config: GatewayConfig, logger: Logger
    ) {
        var targets: [String: Target] = [:]
        for (name, upstream) in upstreams {
            guard let url = URL(string: upstream.base), url.scheme == "http", let host = url.host else { continue }
            targets[name] = Target(
                name: name, host: host, port: url.port ?? 80, basePath: url.path == "/" ? "" : url.path,
                upstream: upstream)
        }
        self.targets = targets
        self.access = access
        self.limiter = limiter
        self.cache = cache
        self.headers = headers
        self.config = config
        self.logger = logger
    }

    /// The call to make for this request head, nil when the router must answer it.
    func plan(_ head: HTTPRequest, peer: String?) -> Plan? {
        guard head.method == .get, let target = head.path, target.hasPrefix("/api/"),
            head.headerFields[.origin] == nil, head.headerFields[.transferEncoding] == nil,
            head.headerFields[.contentLength].map({ $0 == "0" }) ?? true,
            !(head.headerFields[.accept]?.contains("text/event-stream") ?? false)
        else { return nil }
        let query = target.firstIndex(of: "?")
        let fullPath = query.map { target[..<$0] } ?? target[...]
        guard !fullPath.utf8.contains(UInt8(ascii: "%")) else { return nil }
        let segments = fullPath.dropFirst(5).split(separator: "/", omittingEmptySubsequences: false)
        guard segments.count >= 2, let destination = targets[String(segments[0])],
            !segments.contains(where: { $0.isEmpty || $0 == "." || $0 == ".." }),
            !AccessPolicy.isInternal(segment: segments[1])
        else { return nil }
        let path = String(fullPath.dropFirst(5 + segments[0].utf8.count))
        guard case .closed = destination.upstream.breaker.current,
            cache?.applies(method: .get, service: destination.name, path: path, headers: head.headerFields) == nil,
            let user = caller(of: head, service: destination.name, path: path)
        else { return nil }
        let client = headers.addresses.resolve(peer: peer, forwardedFor: head.headerFields[.xForwardedFor]).client
        guard
            let decision = limiter.takeWithoutWaiting(
                method: .get, service: destination.name, path: path, client: client, user: user),
            decision?.allowed ?? true
        else { return nil }
        return makePlan(
            head, target: destination, path: path, query: query.map { target[$0...] }, peer: peer, decision: decision)
    }

    /// The caller's user id (`.some(nil)` on a public route, as `AccessPolicy.check`); nil when
    /// the token is not one the verifier remembers (the router verifies it, or refuses the call).
    private func caller(of head: HTTPRequest, service: String, path: String) -> String?? {
        if AccessPolicy.isPublic(method: .get, service: service, path: path) { return .some(nil) }
        guard let token = AuthenticationMiddleware.bearerToken(head.headerFields[.authorization]),
            let identity = access.verifier.remembered(token)
        else { return nil }
        return identity.userID.uuidString.lowercased()
    }

    private func makePlan(
        _ head: HTTPRequest, target: Target, path: String, query: Substring?, peer: String?,
        decision: RateLimiter.Decision?
    ) -> Plan {
        let started = DispatchTime.now().uptimeNanoseconds
        let requestID = RequestIDMiddleware<ServiceRequestContext>.id(for: head.headerFields[.requestID])
        let server = TraceParent.continuing(head.headerFields[.traceparent])
        let client = server.child()
        var fields = headers.request(head.headerFields, peer: peer, requestID: requestID, trace: client)
        fields.replaceOrAdd(name: "Host", value: "\(target.host):\(target.port)")
        return Plan(
            target: target, path: path,
            head: HTTPRequestHead(
                version: .http1_1, method: .GET, uri: target.basePath + path + (query.map(String.init) ?? ""),
                headers: fields),
            decision: decision, requestID: requestID, traceID: server.traceID,
            timeout: config.timeout(method: .get, service: target.name, path: path, acceptsEventStream: false),
            closing: head.headerFields[.connection]?.lowercased().contains("close") == true, started: started,
            span: SpanTimer(server, kind: .server),
            upstreamSpan: UpstreamSpan(trace: client, method: "GET", service: target.name, path: path))
    }
}

extension ChannelForwarding {
    /// The answer's head for the client: the upstream's headers as the router keeps them, the
    /// rate-limit headers, the request id and the edge's security headers.
    func responseHead(_ upstream: HTTPResponseHead, plan: Plan) -> HTTPResponse {
        var fields = ForwardedHeaders.response(upstream.headers)
        if let decision = plan.decision { fields.append(contentsOf: decision.headers) }
        fields[.requestID] = plan.requestID
        EdgeSecurity.apply(to: &fields, docs: false, hstsMaxAge: config.tls?.hstsMaxAge)
        if !config.allowedOrigins.isEmpty { fields.append(HTTPField(name: .vary, value: "Origin")) }
        if plan.closing { fields[.connection] = "close" }
        return HTTPResponse(status: .init(code: Int(upstream.status.code)), headerFields: fields)
    }

    /// A problem answer of the gateway itself (upstream unavailable or late), as `AppError` renders it.
    func problem(_ status: HTTPResponse.Status, code: String, _ detail: String, plan: Plan) -> (
        HTTPResponse, ByteBuffer
    ) {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let body = (try? encoder.encode(Problem(status: status, code: code, detail: detail))) ?? Data()
        var fields: HTTPFields = [.contentType: Problem.mediaType, .contentLength: String(body.count)]
        fields[HTTPField.Name(Problem.codeHeader)!] = code
        fields[.requestID] = plan.requestID
        EdgeSecurity.apply(to: &fields, docs: false, hstsMaxAge: config.tls?.hstsMaxAge)
        if !config.allowedOrigins.isEmpty { fields.append(HTTPField(name: .vary, value: "Origin")) }
        if plan.closing { fields[.connection] = "close" }
        return (HTTPResponse(status: status, headerFields: fields), ByteBuffer(bytes: body))
    }

    /// The access log's line and the request and upstream metrics, as the router's path keeps them.
    func finished(_ plan: Plan, status: Int, upstreamStatus: Int?) {
        let elapsed = DispatchTime.now().uptimeNanoseconds - plan.started
        plan.span.end(name: "GET \(ForwardingMetrics.route)", error: status >= 500 ? "HTTP \(status)" : nil) {
            [
                "http.request.method": "GET", "http.route": .string(ForwardingMetrics.route),
                "url.path": .string("/api/\(plan.target.name)\(plan.path)"), "http.response.status_code": .int(status),
            ]
        }
        metrics.record(status: status, nanoseconds: elapsed)
        if let upstreamStatus {
            plan.target.upstream.durations.record(
                path: plan.path, status: upstreamStatus, duration: .nanoseconds(Int64(clamping: elapsed)))
        }
        guard logger.logLevel <= .info else { return }
        logger.info(
            "access",
            metadata: [
                "method": "GET", "path": "/api/\(plan.target.name)\(plan.path)", "status": "\(status)",
                "durationMs": "\((Double(elapsed) / 1e4).rounded() / 100)", "upstream": "\(plan.target.name)",
                "requestId": "\(plan.requestID)", "traceId": "\(plan.traceID)",
            ])
    }
}

/// The request series Hummingbird's `MetricsMiddleware` keeps, for the calls `ApiFastPath`
/// forwards: on the route `/api/{service}/**` (their upstream's durations are in `Upstream.durations`).
final class ForwardingMetrics: Sendable {
    static let route = "/api/{service}/**"

    let requests = RequestSeries()

    func record(status: Int, nanoseconds: UInt64) {
        requests.record(route: Self.route, status: status, nanoseconds: nanoseconds)
    }
}
