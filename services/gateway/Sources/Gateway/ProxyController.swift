import AsyncHTTPClient
import AuthKit
import Foundation
import HTTPTypes
import Hummingbird
import Logging
import NIOCore
import NIOHTTP1
import ServiceKit

/// Forwards `/api/<service>/<path>` to `<upstream>/<path>`, streaming bodies both ways, and
/// `/.well-known/jwks.json` to auth.
struct ProxyController: Sendable {
    let upstreams: [String: String]
    let client: HTTPClient
    let access: AccessPolicy
    let timeout: TimeAmount

    static let maxBodySize = 1 << 20
    static let methods: [HTTPRequest.Method] = [.get, .post, .put, .patch, .delete]
    /// Hop-by-hop headers (RFC 9110 §7.6.1) are not forwarded.
    static let hopByHop: Set<String> = [
        "connection", "keep-alive", "proxy-connection", "te", "trailer", "transfer-encoding", "upgrade", "host",
        "content-length", "x-forwarded-for",
    ]

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
        let path = "/" + segments.joined(separator: "/")
        try SessionCookies.enforceCSRF(request)
        try await access.check(
            method: request.method, service: service, path: path, authorization: request.headers[.authorization])
        return try await proxy(request, context: context, service: service, path: path)
    }

    func proxy(_ request: Request, context: ServiceRequestContext, service: String, path: String) async throws
        -> Response
    {
        guard let base = upstreams[service] else { throw AppError.notFound("Service \(service)") }
        let query = request.uri.query.map { "?\($0)" } ?? ""
        var outgoing = HTTPClientRequest(url: base + path + query)
        outgoing.method = HTTPMethod(rawValue: request.method.rawValue)
        for field in request.headers where !Self.hopByHop.contains(field.name.canonicalName) {
            outgoing.headers.add(name: field.name.rawName, value: field.value)
        }
        // The gateway is the edge: the client address it saw replaces whatever the client claimed.
        if let peer = context.peerAddress { outgoing.headers.add(name: "X-Forwarded-For", value: peer) }
        if let requestID = context.logger[metadataKey: "requestId"] {
            outgoing.headers.replaceOrAdd(name: "X-Request-Id", value: "\(requestID)")
        }
        if request.method != .get, request.method != .head {
            // Collected (bounded) rather than streamed: AsyncHTTPClient re-reads a request body when it
            // retries on a fresh connection, and Hummingbird's body can be iterated only once (a second
            // read is a crash). Every API body is small; streaming large bodies is issue 8's.
            outgoing.body = .bytes(try await request.body.collect(upTo: Self.maxBodySize))
        }
        let upstream: HTTPClientResponse
        do {
            upstream = try await client.execute(outgoing, timeout: timeout, logger: context.logger)
        } catch let error as HTTPClientError where error == .deadlineExceeded || error == .readTimeout {
            throw AppError(.gatewayTimeout, code: "upstream-timeout", "\(service) did not answer in time")
        } catch {
            context.logger.warning("upstream unreachable", metadata: ["service": "\(service)", "error": "\(error)"])
            throw AppError(.badGateway, code: "upstream-unavailable", "\(service) is unavailable, retry shortly")
        }
        var headers = HTTPFields()
        for (name, value) in upstream.headers where !Self.hopByHop.contains(name.lowercased()) {
            if let field = HTTPField.Name(name) { headers.append(HTTPField(name: field, value: value)) }
        }
        if let length = upstream.headers.first(name: "content-length") { headers[.contentLength] = length }
        return Response(
            status: .init(code: Int(upstream.status.code)), headers: headers,
            body: ResponseBody(asyncSequence: upstream.body))
    }
}
