import Foundation
import HTTPTypes
import NIOCore
import NIOHTTP1
import NIOHTTPTypes

/// Answers a request that is not valid HTTP/1.1 (a control character in a header value, a broken
/// chunk size, a header over the limit) with a 400 problem+json, like every other bad input,
/// instead of Hummingbird's bare `400` with no body. The parser cannot go on after such an error,
/// so the connection is closed once the answer is written. Requests read before the bad one
/// (pipelined) get their answers first; the 400 follows the last of them.
///
/// Placed right after the HTTP codec (`HTTP1Channel.Configuration.additionalChannelHandlers`).
public final class MalformedRequestHandler: ChannelDuplexHandler, RemovableChannelHandler {
    public typealias InboundIn = HTTPRequestPart
    public typealias InboundOut = HTTPRequestPart
    public typealias OutboundIn = HTTPResponsePart
    public typealias OutboundOut = HTTPResponsePart

    /// Requests passed on whose response has not ended.
    private var unanswered = 0
    /// The parser's error, until its answer is written.
    private var failure: HTTPParserError?
    private var answered = false

    public init() {}

    public func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        if case .head = unwrapInboundIn(data) { unanswered += 1 }
        context.fireChannelRead(data)
    }

    public func errorCaught(context: ChannelHandlerContext, error: any Error) {
        guard let parserError = error as? HTTPParserError else {
            context.fireErrorCaught(error)
            return
        }
        guard failure == nil else { return }  // the parser stops at its first error
        failure = parserError
        if unanswered == 0 { answer(context) }
    }

    public func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        guard case .end = unwrapOutboundIn(data) else {
            context.write(data, promise: promise)
            return
        }
        unanswered -= 1
        context.write(data, promise: promise)
        if unanswered == 0, failure != nil { answer(context) }
    }

    private func answer(_ context: ChannelHandlerContext) {
        guard let failure, !answered else { return }
        answered = true
        let body = Self.problem(failure)
        var head = HTTPResponse(status: .badRequest)
        head.headerFields[.contentType] = Problem.mediaType
        head.headerFields[.contentLength] = String(body.readableBytes)
        head.headerFields[.connection] = "close"
        head.headerFields[HTTPField.Name(Problem.codeHeader)!] = "malformed-request"
        head.headerFields[.requestID] = RequestIDMiddleware<ServiceRequestContext>.newID()  // like every answer
        context.write(wrapOutboundOut(.head(head)), promise: nil)
        context.write(wrapOutboundOut(.body(body)), promise: nil)
        let bound = NIOLoopBound(context, eventLoop: context.eventLoop)
        context.writeAndFlush(wrapOutboundOut(.end(nil))).whenComplete { _ in bound.value.close(promise: nil) }
    }
    static func problem(_ error: HTTPParserError) -> ByteBuffer {
        let problem = Problem(
            status: .badRequest, code: "malformed-request",
            detail: "The request is not valid HTTP/1.1 (\(Self.reason(error))); the connection is closed")
        return ByteBuffer(data: (try? JSONBody.encoder.encode(problem)) ?? Data())
    }

    /// What was wrong, in words, without echoing the request's bytes.
    static func reason(_ error: HTTPParserError) -> String {
        switch error {
        case .invalidHeaderToken: "a header name or value holds a character HTTP does not allow"
        case .headerOverflow: "the headers are too large"
        case .invalidChunkSize: "a chunk size is not hexadecimal"
        case .invalidContentLength, .unexpectedContentLength: "the Content-Length is wrong"
        case .invalidMethod: "unknown method"
        case .invalidURL: "the request target is not a valid URL"
        case .invalidVersion: "unknown HTTP version"
        default: "\(error)"
        }
    }
}
