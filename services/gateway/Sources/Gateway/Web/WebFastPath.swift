import Foundation
import HTTPTypes
import Logging
import NIOCore
import NIOHTTPTypes
import ServiceKit

/// The web app's files answered in the channel pipeline, before Hummingbird's per-request async
/// machinery: a `GET` whose answer is a file of the build (or `index.html` for a client route) is
/// written back from the event loop that read it, with the same answer as `WebController` (one
/// function builds both), the edge's security headers, a request id, an access-log line and the
/// same request metrics. Everything else — the API, `/docs`, preflights, requests with an `Origin`
/// the edge answers with CORS headers, a path the app has no file for — goes on to the router.
///
/// HTTP/1.1 keeps a connection's answers in request order: while a request handed to the router
/// has not been answered (its response's `.end` not yet written), later requests on the connection
/// are handed on too, so an answer never overtakes an earlier one.
final class WebFastPath: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPRequestPart
    typealias InboundOut = HTTPRequestPart
    typealias OutboundIn = HTTPResponsePart
    typealias OutboundOut = HTTPResponsePart

    /// What every connection's handler shares: the web app, the edge's settings, log and metrics.
    struct Server: Sendable {
        let web: WebController
        let hstsMaxAge: Int?
        /// The edge answers browsers' `Origin` with CORS headers (`cors.allowed.origins` not empty).
        let corsOrigins: Set<String>
        let serverName: String
        let logger: Logger
        let metrics = RequestSeries()

        init(web: WebController, hstsMaxAge: Int?, corsOrigins: Set<String>, serverName: String, logger: Logger) {
            self.web = web
            self.hstsMaxAge = hstsMaxAge
            self.corsOrigins = corsOrigins
            self.serverName = serverName
            self.logger = logger
        }

        /// The answer for a request head and its path (without the query), nil when the router
        /// must answer it.
        func answer(_ head: HTTPRequest) -> (path: String, reply: WebReply)? {
            guard head.method == .get, let target = head.path, target.hasPrefix("/") else { return nil }
            if let origin = head.headerFields[.origin], corsOrigins.contains(origin) { return nil }
            let path = target.firstIndex(of: "?").map { String(target[..<$0]) } ?? target
            guard !path.utf8.contains(UInt8(ascii: "%")),  // percent-decoding is the router's business
                var reply = web.reply(
                    to: path, acceptEncoding: head.headerFields[.acceptEncoding],
                    ifNoneMatch: head.headerFields[.ifNoneMatch])
            else { return nil }
            EdgeSecurity.apply(to: &reply.headers, docs: false, hstsMaxAge: hstsMaxAge)
            if !corsOrigins.isEmpty { reply.headers.append(HTTPField(name: .vary, value: "Origin")) }
            reply.headers[.server] = serverName
            return (path, reply)
        }
    }

    let server: Server
    /// The request being read: handed on to the router, or answered here (its body is dropped).
    private var order = RequestOrder()
    private var unflushed = false
    private var date = HTTPDate()

    init(server: Server) { self.server = server }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let part = unwrapInboundIn(data)
        if case .head(let head) = part {
            if order.mayTake, let (path, reply) = server.answer(head) {
                order.take()
                write(reply, to: head, path: path, context: context)
            } else {
                order.handOn()
                context.fireChannelRead(data)
            }
        } else if order.passesOn(part) {
            context.fireChannelRead(data)
        }
    }

    func channelReadComplete(context: ChannelHandlerContext) {
        if unflushed {
            unflushed = false
            context.flush()
        }
        context.fireChannelReadComplete()
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        order.wrote(unwrapOutboundIn(data))
        context.write(data, promise: promise)
    }

    private func write(_ reply: WebReply, to head: HTTPRequest, path: String, context: ChannelHandlerContext) {
        let started = DispatchTime.now().uptimeNanoseconds
        let requestID = RequestIDMiddleware<ServiceRequestContext>.id(for: head.headerFields[.requestID])
        var fields = reply.headers
        fields[.requestID] = requestID
        fields[.date] = date.now()
        let closing = head.headerFields[.connection]?.lowercased().contains("close") == true
        if closing { fields[.connection] = "close" }
        context.write(wrapOutboundOut(.head(HTTPResponse(status: reply.status, headerFields: fields))), promise: nil)
        if let body = reply.body { context.write(wrapOutboundOut(.body(body)), promise: nil) }
        if closing {
            let written = context.eventLoop.makePromise(of: Void.self)
            let bound = NIOLoopBound(context, eventLoop: context.eventLoop)
            written.futureResult.whenComplete { _ in bound.value.close(promise: nil) }
            context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: written)
        } else {
            context.write(wrapOutboundOut(.end(nil)), promise: nil)
            unflushed = true
        }
        let elapsed = DispatchTime.now().uptimeNanoseconds - started
        server.metrics.record(route: path == "/" ? "/" : "/**", status: reply.status.code, nanoseconds: elapsed)
        log(path, status: reply.status, nanoseconds: elapsed, requestID: requestID)
    }

    /// The access log's line (`AccessLogMiddleware`): never the query string, never a header.
    private func log(_ path: String, status: HTTPResponse.Status, nanoseconds: UInt64, requestID: String) {
        guard server.logger.logLevel <= .info else { return }
        server.logger.info(
            "access",
            metadata: [
                "method": "GET", "path": "\(path)", "status": "\(status.code)",
                "durationMs": "\((Double(nanoseconds) / 1e4).rounded() / 100)", "upstream": "-",
                "requestId": "\(requestID)",
            ])
    }
}

/// The `Date` header (RFC 9110 §5.6.7, IMF-fixdate), formatted once a second per connection.
struct HTTPDate {
    private var second = 0
    private var text = ""

    mutating func now() -> String {
        var seconds = time(nil)
        if seconds != second {
            second = seconds
            var parts = tm()
            gmtime_r(&seconds, &parts)
            text = Self.format(parts)
        }
        return text
    }

    static func format(_ parts: tm) -> String {
        let days = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]
        let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
        func two(_ n: Int32) -> String { n < 10 ? "0\(n)" : "\(n)" }
        return
            "\(days[Int(parts.tm_wday)]), \(two(parts.tm_mday)) \(months[Int(parts.tm_mon)]) \(parts.tm_year + 1900) "
            + "\(two(parts.tm_hour)):\(two(parts.tm_min)):\(two(parts.tm_sec)) GMT"
    }
}
