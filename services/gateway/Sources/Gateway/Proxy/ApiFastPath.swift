import HTTPTypes
import NIOCore
import NIOHTTP1
import NIOHTTPTypes

/// The channel-level forwarding of plain API calls (see `ChannelForwarding` for which ones): the
/// request head goes to a keep-alive upstream connection of this event loop and the answer's parts
/// come back as they arrive, without a task, an async stream or a copy of the body. Everything
/// else goes on to the router.
///
/// HTTP/1.1 keeps a connection's answers in request order. A call is forwarded here only while no
/// request handed to the router is unanswered, and while a forwarded call is in flight the
/// connection's later requests wait: this handler holds what was already read, stops asking the
/// channel for more once it holds something (it holds `read()`; a client that waits for each
/// answer costs no change of the socket's epoll interest), and replays them once the answer has ended.
final class ApiFastPath: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPRequestPart
    typealias InboundOut = HTTPRequestPart
    typealias OutboundIn = HTTPResponsePart
    typealias OutboundOut = HTTPResponsePart

    /// What every connection's handler shares.
    struct Server: Sendable {
        let forwarding: ChannelForwarding
        let connections: UpstreamConnections
    }

    let server: Server
    /// The request being read: handed on to the router, or forwarded here.
    private var order = RequestOrder()
    private var exchange: Exchange?
    /// Parts read while a forwarded call was in flight, replayed once it has ended.
    private var held: [NIOAny] = []
    private var readHeld = false
    /// A graceful shutdown's quiesce event that came while a forwarded call was in flight: the
    /// router's handler behind this one sees no request in progress and would close the connection
    /// at once, cutting the answer; it gets the event once the call has ended.
    private var quiesceHeld = false

    init(server: Server) { self.server = server }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        if exchange != nil || !held.isEmpty {
            // Parts of the forwarded request itself (a GET's end) come first; later requests wait.
            if held.isEmpty, order.current == .taken {
                _ = order.passesOn(unwrapInboundIn(data))
                return
            }
            held.append(data)
            return
        }
        process(data, context: context)
    }

    private func process(_ data: NIOAny, context: ChannelHandlerContext) {
        let part = unwrapInboundIn(data)
        if case .head(let head) = part {
            if order.mayTake, let plan = server.forwarding.plan(head, peer: context.channel.remoteAddress?.ipAddress) {
                order.take()
                let exchange = Exchange(plan: plan, owner: self, context: context)
                self.exchange = exchange
                exchange.start()
            } else {
                order.handOn()
                context.fireChannelRead(data)
            }
        } else if order.passesOn(part) {
            context.fireChannelRead(data)
        }
    }

    /// The forwarded call's answer has ended (or failed): the requests read meanwhile go on.
    fileprivate func ended(context: ChannelHandlerContext) {
        exchange = nil
        let replayed = !held.isEmpty
        while exchange == nil, !held.isEmpty {
            let part = held.removeFirst()
            if order.current == .taken {
                _ = order.passesOn(unwrapInboundIn(part))
                continue
            }
            process(part, context: context)
        }
        // The router's side takes what it was given when a read completes.
        if replayed { context.fireChannelReadComplete() }
        if readHeld, exchange == nil || held.isEmpty {
            readHeld = false
            context.read()
        }
        if quiesceHeld, exchange == nil {
            quiesceHeld = false
            context.fireUserInboundEventTriggered(ChannelShouldQuiesceEvent())
        }
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if event is ChannelShouldQuiesceEvent, exchange != nil {
            quiesceHeld = true
            return
        }
        context.fireUserInboundEventTriggered(event)
    }

    func read(context: ChannelHandlerContext) {
        if exchange != nil, !held.isEmpty { readHeld = true } else { context.read() }
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        order.wrote(unwrapOutboundIn(data))
        context.write(data, promise: promise)
    }

    /// A client that reads slower than the upstream answers: the upstream is not read meanwhile.
    func channelWritabilityChanged(context: ChannelHandlerContext) {
        exchange?.channel?.setOption(ChannelOptions.autoRead, value: context.channel.isWritable).whenFailure { _ in }
        context.fireChannelWritabilityChanged()
    }

    func channelInactive(context: ChannelHandlerContext) {
        exchange?.clientGone()
        exchange = nil
        held = []
        context.fireChannelInactive()
    }
}

/// One forwarded call: the upstream connection, the timeout, the retries of a failed connection,
/// the answer's parts written to the client.
private final class Exchange: UpstreamListener {
    let plan: ChannelForwarding.Plan
    let server: ApiFastPath.Server
    /// Cleared when the call ends, which breaks the cycle with the handler.
    var owner: ApiFastPath?
    let context: ChannelHandlerContext
    var channel: (any Channel)?
    /// The connection came from the pool: its failure may only mean the upstream closed it idle.
    var reused = false
    var attempt = 0
    var headSent = false
    var upstreamStatus: Int?
    var keepAlive = true
    var timedOut = false
    var done = false
    var timeout: Scheduled<Void>?

    init(plan: ChannelForwarding.Plan, owner: ApiFastPath, context: ChannelHandlerContext) {
        self.plan = plan
        self.server = owner.server
        self.owner = owner
        self.context = context
    }

    var breaker: CircuitBreaker { plan.target.upstream.breaker }

    /// This exchange, for closures run later on its event loop.
    var bound: NIOLoopBound<Exchange> { NIOLoopBound(self, eventLoop: context.eventLoop) }

    func start() {
        let bound = self.bound
        timeout = context.eventLoop.scheduleTask(in: TimeAmount(plan.timeout)) { bound.value.expire() }
        connect()
    }

    private func expire() {
        timedOut = true
        if let channel { channel.close(promise: nil) } else { upstreamFailed(ChannelError.connectTimeout(.zero)) }
    }

    private func connect() {
        let bound = self.bound
        server.connections.connection(to: plan.target, on: context.eventLoop).whenComplete { result in
            bound.value.connected(result)
        }
    }

    private func connected(_ result: Result<(any Channel, reused: Bool), any Error>) {
        switch result {
        case .success(let (channel, reused)):
            guard !done, owner != nil else {
                return server.connections.release(channel, to: plan.target, on: context.eventLoop)
            }
            send(on: channel, reused: reused)
        case .failure(let error):
            upstreamFailed(error)
        }
    }

    private func send(on channel: any Channel, reused: Bool) {
        guard let handler = try? channel.pipeline.syncOperations.handler(type: UpstreamReplyHandler.self) else {
            channel.close(promise: nil)
            return upstreamFailed(ChannelError.ioOnClosedChannel)
        }
        self.channel = channel
        self.reused = reused
        handler.listener = self
        channel.write(HTTPClientRequestPart.head(plan.head), promise: nil)
        channel.writeAndFlush(HTTPClientRequestPart.end(nil), promise: nil)
    }

    func upstreamHead(_ head: HTTPResponseHead) {
        guard !done else { return }
        let status = Int(head.status.code)
        upstreamStatus = status
        plan.upstreamSpan.end(status: status)
        keepAlive = head.isKeepAlive
        if Upstream.isUpstreamFailure(status: status, headers: head.headers) {
            breaker.recordFailure()
        } else {
            breaker.recordSuccess()
        }
        headSent = true
        let response = server.forwarding.responseHead(head, plan: plan)
        context.write(NIOAny(HTTPResponsePart.head(response)), promise: nil)
    }

    func upstreamBody(_ body: ByteBuffer) {
        guard !done else { return }
        context.write(NIOAny(HTTPResponsePart.body(body)), promise: nil)
    }

    func upstreamReadComplete() {
        if !done { context.flush() }
    }

    func upstreamEnd() {
        guard !done else { return }
        if let channel {
            if !context.channel.isWritable {
                channel.setOption(ChannelOptions.autoRead, value: true).whenFailure { _ in }
            }
            if keepAlive, !timedOut {
                server.connections.release(channel, to: plan.target, on: context.eventLoop)
            } else {
                channel.close(promise: nil)
            }
        }
        channel = nil
        endAnswer()
        finish(status: upstreamStatus ?? 502)
    }

    func upstreamFailed(_ error: any Error) {
        guard !done else { return }
        channel?.close(promise: nil)
        channel = nil
        if headSent {
            // Part of the answer is out: the client can only learn of the failure by the close.
            context.close(promise: nil)
            return finish(status: upstreamStatus ?? 502)
        }
        if timedOut {
            breaker.recordFailure()
            plan.upstreamSpan.end(status: nil, error: "timeout")
            return answer(.gatewayTimeout, code: "upstream-timeout", "\(plan.target.name) did not answer in time")
        }
        if reused {
            reused = false  // a keep-alive connection the upstream had closed: costs no retry
            return connect()
        }
        breaker.recordFailure()
        attempt += 1
        guard attempt <= server.forwarding.config.retries else {
            plan.upstreamSpan.end(status: nil, error: String(describing: type(of: error)))
            server.forwarding.logger.warning(
                "upstream call failed",
                metadata: ["upstream": "\(plan.target.name)", "error": "\(error)", "requestId": "\(plan.requestID)"])
            return answer(
                .serviceUnavailable, code: "upstream-unavailable", "\(plan.target.name) is unavailable, retry shortly")
        }
        let bound = self.bound
        context.eventLoop.scheduleTask(in: .milliseconds(Int64(25 << attempt))) {
            if !bound.value.done { bound.value.connect() }
        }
    }

    /// The client left: the upstream connection goes too (its answer has nowhere to go).
    func clientGone() {
        guard !done else { return }
        done = true
        timeout?.cancel()
        channel?.close(promise: nil)
        channel = nil
        owner = nil
    }

    private func answer(_ status: HTTPResponse.Status, code: String, _ detail: String) {
        let (head, body) = server.forwarding.problem(status, code: code, detail, plan: plan)
        context.write(NIOAny(HTTPResponsePart.head(head)), promise: nil)
        context.write(NIOAny(HTTPResponsePart.body(body)), promise: nil)
        endAnswer()
        finish(status: status.code, upstream: false)
    }

    private func endAnswer() {
        if plan.closing {
            let context = NIOLoopBound(self.context, eventLoop: self.context.eventLoop)
            context.value.writeAndFlush(NIOAny(HTTPResponsePart.end(nil))).whenComplete { _ in
                context.value.close(promise: nil)
            }
        } else {
            context.writeAndFlush(NIOAny(HTTPResponsePart.end(nil)), promise: nil)
        }
    }

    private func finish(status: Int, upstream: Bool = true) {
        done = true
        timeout?.cancel()
        server.forwarding.finished(plan, status: status, upstreamStatus: upstream ? upstreamStatus : nil)
        guard let owner else { return }
        self.owner = nil
        owner.ended(context: context)
    }
}
