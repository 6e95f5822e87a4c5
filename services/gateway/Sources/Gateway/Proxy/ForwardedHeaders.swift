import HTTPTypes
import NIOHTTP1
import ServiceKit
import TraceContext

/// The headers of an upstream call and of its answer, the same for both forwarding paths (the
/// router's `ProxyController` and the channel-level `ChannelForwarding`).
struct ForwardedHeaders: Sendable {
    let addresses: ClientAddress
    let scheme: String

    /// Hop-by-hop headers (RFC 9110 §7.6.1) and the ones the gateway sets itself.
    static let notForwarded: Set<String> = [
        "connection", "keep-alive", "proxy-connection", "te", "trailer", "transfer-encoding", "upgrade", "host",
        "content-length", "x-forwarded-for", "x-forwarded-proto", "x-forwarded-host", "forwarded", "traceparent",
        "tracestate", "x-request-id",
    ]

    /// The client's headers minus hop-by-hop ones, plus request id, trace context and the
    /// client's address (`X-Forwarded-For` chain only through trusted proxies, RFC 7239 `Forwarded`).
    func request(_ fields: HTTPFields, peer: String?, requestID: String?, trace: TraceParent) -> HTTPHeaders {
        var headers = HTTPHeaders()
        for field in fields where !Self.notForwarded.contains(field.name.canonicalName) {
            headers.add(name: field.name.rawName, value: field.value)
        }
        let (_, chain) = addresses.resolve(peer: peer, forwardedFor: fields[.xForwardedFor])
        headers.add(name: "X-Forwarded-For", value: chain.joined(separator: ", "))
        headers.add(name: "X-Forwarded-Proto", value: scheme)
        headers.add(
            name: "Forwarded",
            value: chain.map { ClientAddress.forwardedElement(for: $0, proto: scheme) }.joined(separator: ", "))
        if let requestID { headers.add(name: "X-Request-Id", value: requestID) }
        headers.add(name: "traceparent", value: trace.header)
        if let state = fields[.tracestate] { headers.add(name: "tracestate", value: state) }
        return headers
    }

    /// The upstream answer's headers the client gets: all but hop-by-hop ones and the gateway's own.
    static func response(_ upstream: HTTPHeaders) -> HTTPFields {
        var headers = HTTPFields()
        for (name, value) in upstream where !notForwarded.contains(name.lowercased()) {
            if let field = HTTPField.Name(name) { headers.append(HTTPField(name: field, value: value)) }
        }
        if let length = upstream.first(name: "content-length") { headers[.contentLength] = length }
        return headers
    }
}

extension HTTPField.Name {
    static let tracestate = Self("tracestate")!
}
