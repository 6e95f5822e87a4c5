import NIOConcurrencyHelpers
import NIOCore
import NIOHTTP1
import NIOPosix

/// What an upstream connection reports to the call it carries (`ApiFastPath`'s exchange).
protocol UpstreamListener: AnyObject {
    func upstreamHead(_ head: HTTPResponseHead)
    func upstreamBody(_ body: ByteBuffer)
    func upstreamEnd()
    func upstreamReadComplete()
    func upstreamFailed(_ error: any Error)
}

/// Keep-alive HTTP/1.1 connections to the upstreams for the channel-level forwarding, one pool
/// per event loop: a client connection's calls go out and come back on its own event loop, so a
/// pool is only ever touched from one thread and needs no lock.
final class UpstreamConnections: Sendable {
    /// Idle connections of one event loop, by upstream name.
    final class Pool {
        var idle: [String: [any Channel]] = [:]
        let maximumIdle: Int
        init(maximumIdle: Int) { self.maximumIdle = maximumIdle }
    }

    private let pools = NIOLockedValueBox<[ObjectIdentifier: NIOLoopBound<Pool>]>([:])
    let maximumIdle: Int
    let connectTimeout: TimeAmount

    init(maximumIdle: Int, connectTimeout: TimeAmount = .seconds(2)) {
        self.maximumIdle = maximumIdle
        self.connectTimeout = connectTimeout
    }

    /// This event loop's pool (made on first use).
    func pool(on eventLoop: any EventLoop) -> Pool {
        pools.withLockedValue { pools in
            if let pool = pools[ObjectIdentifier(eventLoop)] { return pool.value }
            let pool = Pool(maximumIdle: maximumIdle)
            pools[ObjectIdentifier(eventLoop)] = NIOLoopBound(pool, eventLoop: eventLoop)
            return pool
        }
    }

    /// An idle connection to `target` (reused: true), or a new one.
    func connection(to target: ChannelForwarding.Target, on eventLoop: any EventLoop) -> EventLoopFuture<
        (any Channel, reused: Bool)
    > {
        let pool = pool(on: eventLoop)
        while let channel = pool.idle[target.name]?.popLast() {
            if channel.isActive { return eventLoop.makeSucceededFuture((channel, true)) }
        }
        return ClientBootstrap(group: eventLoop)
            .connectTimeout(connectTimeout)
            .channelOption(.socketOption(.tcp_nodelay), value: 1)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHTTPClientHandlers()
                    try channel.pipeline.syncOperations.addHandler(UpstreamReplyHandler())
                }
            }
            .connect(host: target.host, port: target.port)
            .map { ($0, false) }
    }

    /// Gives a connection whose answer ended back to its pool (closed when the pool is full).
    func release(_ channel: any Channel, to target: ChannelForwarding.Target, on eventLoop: any EventLoop) {
        let pool = pool(on: eventLoop)
        guard channel.isActive, pool.idle[target.name, default: []].count < pool.maximumIdle else {
            channel.close(promise: nil)
            return
        }
        pool.idle[target.name, default: []].append(channel)
    }
}

/// The upstream end of a forwarded call: hands the answer's parts to the call's listener.
final class UpstreamReplyHandler: ChannelInboundHandler {
    typealias InboundIn = HTTPClientResponsePart

    /// The call this connection carries now; nil while it is idle in the pool.
    var listener: (any UpstreamListener)?

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let head): listener?.upstreamHead(head)
        case .body(let body): listener?.upstreamBody(body)
        case .end:
            let listener = self.listener
            self.listener = nil
            listener?.upstreamEnd()
        }
    }

    func channelReadComplete(context: ChannelHandlerContext) {
        listener?.upstreamReadComplete()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        fail(ChannelError.ioOnClosedChannel, or: error)
        context.close(promise: nil)
    }

    func channelInactive(context: ChannelHandlerContext) {
        fail(ChannelError.eof, or: nil)
        context.fireChannelInactive()
    }

    private func fail(_ fallback: any Error, or error: (any Error)?) {
        let listener = self.listener
        self.listener = nil
        listener?.upstreamFailed(error ?? fallback)
    }
}
