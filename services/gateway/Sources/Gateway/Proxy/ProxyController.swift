import AsyncHTTPClient
import AuthKit
import Foundation
import HTTPTypes
import Hummingbird
import Logging
import NIOCore
import NIOHTTP1
import ServiceKit
import TraceContext

/// Forwards `/api/<service>/<path>` to `<upstream>/<path>` and `/.well-known/jwks.json` to auth:
/// access check, rate limit, cache, then the upstream call with bodies streamed both ways.
struct ProxyController: Sendable {
    let config: GatewayConfig
    let upstreams: [String: Upstream]
    let access: AccessPolicy
    let limiter: RateLimiter
    let cache: ResponseCache?
    let addresses: ClientAddress
    let scheme: String

    static let methods: [HTTPRequest.Method] = [.get, .post, .put, .patch, .delete]

    func addRoutes(to router: Router<ServiceRequestContext>) {
        for method in Self.methods {
            router.on("/api/:service/**", method: method) { request, context in
                try await forward(request, context: context)
            }
        }
        router.get("/.well-known/jwks.json") { request, context in
            try await proxy(request, context: context, service: "auth", path: "/.well-known/jwks.json")
        }
    }

    func forward(_ request: Request, context: ServiceRequestContext) async throws -> Response {
        let service = try context.parameters.require("service")
        guard upstreams[service] != nil else { throw AppError.notFound("Service \(service)") }
        let segments = context.parameters.getCatchAll().map(String.init)
        guard AccessPolicy.isCanonical(segments) else {
            throw AppError(.badRequest, code: "bad-path", "Paths may not contain dot segments")
        }
        guard !AccessPolicy.isInternal(segments) else { throw AppError.notFound("Route") }
        let path = "/" + segments.joined(separator: "/")
        try SessionCookies.enforceCSRF(request)
        let user = try await access.check(
            method: request.method, service: service, path: path, authorization: request.headers[.authorization])
        let client = addresses.resolve(peer: context.peerAddress, forwardedFor: request.headers[.xForwardedFor]).client
        let decision = await limiter.take(
            method: request.method, service: service, path: path, client: client, user: user)
        if let decision, !decision.allowed {
            GatewayMetrics.rateLimited(service: service)
            throw AppError(
                .tooManyRequests, code: "rate-limited",
                "Too many requests; retry in \(decision.retryAfter) s", headers: decision.headers)
        }
        var response = try await proxy(request, context: context, service: service, path: path)
        if let decision { response.headers.append(contentsOf: decision.headers) }
        return response
    }

    func proxy(_ request: Request, context: ServiceRequestContext, service: String, path: String) async throws
        -> Response
    {
        if let cache,
            let maxAge = cache.applies(
                method: request.method, service: service, path: path, headers: request.headers)
        {
            return try await cached(
                request, context: context, service: service, path: path, cache: cache, maxAge: maxAge)
        }
        let response = try await call(request, context: context, service: service, path: path)
        // RFC 9111 §4.4: a successful unsafe call invalidates what the cache holds of the service.
        let unsafe = request.method != .get && request.method != .head
        if let cache, unsafe, response.status.code < 400, cache.services.contains(service) {
            try? await cache.invalidate(service: service, item: ResponseCache.item(path: path))
        }
        return try await Self.response(from: response)
    }

    /// A cacheable GET: served from Redis when fresh, else fetched, stored and served.
    func cached(
        _ request: Request, context: ServiceRequestContext, service: String, path: String, cache: ResponseCache,
        maxAge: Int
    ) async throws -> Response {
        let target = path + (request.uri.query.map { "?\($0)" } ?? "")
        let ifNoneMatch = request.headers[.ifNoneMatch]
        let lookup = await cache.lookup(service: service, target: target, headers: request.headers, maxAge: maxAge)
        if let lookup, let entry = lookup.entry,
            !CachePolicy.bypassRead(requestCacheControl: request.headers[.cacheControl])
        {
            CacheMetrics.record(
                CachePolicy.matches(ifNoneMatch: ifNoneMatch, etag: entry.etag) ? "not-modified" : "hit")
            return CacheReplies.fromEntry(entry, ifNoneMatch: ifNoneMatch)
        }
        // Asked unconditionally: the cache needs the body; it answers the condition itself.
        let upstream = try await call(request, context: context, service: service, path: path, unconditional: true)
        let length = upstream.headers.first(name: "content-length").flatMap(Int.init)
        guard let lookup, upstream.status == .ok, let length, length <= cache.maxBodyBytes else {
            CacheMetrics.record("bypass")
            return try await Self.response(from: upstream)
        }
        let body = Array(buffer: try await upstream.body.collect(upTo: length))
        let headers = upstream.headers.map { ($0.name, $0.value) }
        await cache.store(lookup, headers: headers, body: body)
        CacheMetrics.record("miss")
        return CacheReplies.fresh(
            ForwardedHeaders.response(upstream.headers), body: body, ifNoneMatch: ifNoneMatch)
    }

    /// One upstream call with the route's timeout and body limit.
    func call(
        _ request: Request, context: ServiceRequestContext, service: String, path: String, unconditional: Bool = false
    ) async throws -> HTTPClientResponse {
        guard let upstream = upstreams[service] else { throw AppError.notFound("Service \(service)") }
        let query = request.uri.query.map { "?\($0)" } ?? ""
        var outgoing = HTTPClientRequest(url: upstream.base + path + query)
        outgoing.method = HTTPMethod(rawValue: request.method.rawValue)
        // The upstream call is a CLIENT span of the request's trace (TraceMiddleware): same trace id.
        let trace = TraceParent.current?.child() ?? .continuing(request.headers[.traceparent])
        let requestID = context.logger[metadataKey: "requestId"].map { "\($0)" }
        outgoing.headers = ForwardedHeaders(addresses: addresses, scheme: scheme).request(
            request.headers, peer: context.peerAddress, requestID: requestID, trace: trace)
        if unconditional {
            outgoing.headers.remove(name: "If-None-Match")
            outgoing.headers.remove(name: "If-Modified-Since")
        }
        let limit = config.bodyLimit(method: request.method, service: service, path: path)
        let (body, replayable, stream) = try await UpstreamBody.make(request, limit: limit)
        outgoing.body = body
        let eventStream = request.headers[.accept]?.contains("text/event-stream") ?? false
        let timeout = config.timeout(
            method: request.method, service: service, path: path, acceptsEventStream: eventStream)
        let started = ContinuousClock.now
        let span = UpstreamSpan(trace: trace, method: request.method.rawValue, service: service, path: path)
        do {
            let response = try await upstream.send(
                outgoing, method: request.method, replayable: replayable, timeout: timeout, logger: context.logger)
            await stream?.release()
            upstream.durations.record(
                path: path, status: Int(response.status.code), duration: ContinuousClock.now - started)
            span.end(status: Int(response.status.code))
            return response
        } catch let error as any HTTPResponseError {
            await stream?.release()
            upstream.durations.record(
                path: path, status: Int(error.status.code), duration: ContinuousClock.now - started)
            span.end(status: error.status.code)
            throw error
        } catch {
            await stream?.release()
            span.end(status: nil, error: String(describing: type(of: error)))
            throw error
        }
    }

    /// The upstream's answer. A small body of known length (most API answers) is read first and
    /// sent with the head in one write; anything else is streamed to the client as it arrives.
    static func response(from upstream: HTTPClientResponse) async throws -> Response {
        let status = HTTPResponse.Status(code: Int(upstream.status.code))
        let headers = ForwardedHeaders.response(upstream.headers)
        if let length = upstream.headers.first(name: "content-length").flatMap(Int.init), length <= smallBody {
            let body = try await upstream.body.collect(upTo: length)
            return Response(status: status, headers: headers, body: .init(byteBuffer: body))
        }
        return Response(status: status, headers: headers, body: ResponseBody(asyncSequence: upstream.body))
    }

    static let smallBody = 64 * 1024
}
