import AsyncHTTPClient
import AuthKit
import Configuration
import Crypto
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdCore
import JWTKit
import Logging
import NIOCore
import NIOHTTP1
import NIOPosix
import ServiceKit
import ServiceLifecycle
import Synchronization
import TestSupport

@testable import Gateway

/// The service behind the gateway in these tests: every upstream name points here.
final class FakeUpstream: Sendable {
    let hits = Mutex<[String: Int]>([:])
    let filmVersion = Atomic<Int>(1)
    let firstChunkSeen = Gate()
    let releaseStream = Gate()
    let uploadBytes = Atomic<Int>(0)

    func count(_ key: String) -> Int { hits.withLock { $0[key] ?? 0 } }
    private func hit(_ key: String) { hits.withLock { $0[key, default: 0] += 1 } }

    func router() -> Router<BasicRequestContext> {
        let router = Router()
        router.get("/echo/**") { request, _ in
            self.hit("echo")
            var seen: [String: String] = ["path": request.uri.path, "query": request.uri.query ?? ""]
            for name in [
                "X-Forwarded-For", "Forwarded", "traceparent", "X-Request-Id", "X-Forwarded-Proto", "Authorization",
            ] {
                if let value = request.headers[HTTPField.Name(name)!] { seen[name.lowercased()] = value }
            }
            return JSONBody.response(seen)
        }
        router.get("/me") { _, _ in JSONBody.response(["me": "yes"]) }
        // A deliberate answer about one outside provider, as catalog gives without a TMDB key.
        router.get("/tmdb/search") { _, _ -> Response in
            throw AppError(.serviceUnavailable, code: "tmdb-not-configured", "TMDB is not configured")
        }
        router.get("/crash") { _, _ -> Response in
            Problem(status: .serviceUnavailable, code: "unavailable", detail: "down").response()
        }
        router.post("/login") { request, _ in
            _ = try await request.body.collect(upTo: 1 << 16)
            return JSONBody.response(["token": "not-checked-here"])
        }
        router.post("/actions") { request, _ in
            self.hit("actions")
            _ = try await request.body.collect(upTo: 1 << 20)
            return JSONBody.response(["done": true])
        }
        router.get("/slow") { _, _ in
            self.hit("slow")
            try await Task.sleep(for: .seconds(3))
            return JSONBody.response(["slow": true])
        }
        router.get("/films/:id") { request, context in
            self.hit("film")
            let version = self.filmVersion.load(ordering: .relaxed)
            let body = ["id": try context.parameters.require("id"), "title": "Film v\(version)"]
            return Response(
                status: .ok,
                headers: [
                    .contentType: "application/json", .eTag: "\"v\(version)\"", .cacheControl: "public, max-age=60",
                ],
                body: .init(byteBuffer: ByteBuffer(bytes: try JSONEncoder().encode(body))))
        }
        router.put("/films/:id") { request, _ in
            _ = try await request.body.collect(upTo: 1 << 16)
            self.filmVersion.add(1, ordering: .relaxed)
            return JSONBody.response(["updated": true])
        }
        // Answers at once, without reading the upload (as catalog does for an image it refuses).
        router.put("/refuse") { _, _ -> Response in
            Problem(status: .unsupportedMediaType, code: "unsupported-image-type", detail: "not an image").response()
        }
        router.post("/upload") { request, _ in
            var total = 0
            for try await chunk in request.body {
                total += chunk.readableBytes
                self.firstChunkSeen.open()
            }
            self.uploadBytes.store(total, ordering: .relaxed)
            return JSONBody.response(["bytes": total])
        }
        router.get("/stream") { _, _ in
            let release = self.releaseStream
            return Response(
                status: .ok, headers: [.contentType: "text/event-stream", .cacheControl: "no-store"],
                body: ResponseBody { writer in
                    try await writer.write(ByteBuffer(string: "data: one\n\n"))
                    await release.wait()
                    try await writer.write(ByteBuffer(string: "data: two\n\n"))
                    try await writer.finish(nil)
                })
        }
        router.get("/large") { _, _ in
            let chunk = ByteBuffer(repeating: UInt8(ascii: "x"), count: 64 * 1024)
            return Response(
                status: .ok, headers: [.contentType: "application/octet-stream"],
                body: ResponseBody { writer in
                    for _ in 0..<160 { try await writer.write(chunk) }  // 10 MiB
                    try await writer.finish(nil)
                })
        }
        return router
    }
}

/// A one-shot latch for async code.
final class Gate: Sendable {
    private let state = Mutex<(open: Bool, waiters: [CheckedContinuation<Void, Never>])>((false, []))

    func open() {
        let waiters = state.withLock { state -> [CheckedContinuation<Void, Never>] in
            guard !state.open else { return [] }
            state.open = true
            defer { state.waiters = [] }
            return state.waiters
        }
        for waiter in waiters { waiter.resume() }
    }

    func wait() async {
        await withCheckedContinuation { continuation in
            let ready = state.withLock { state -> Bool in
                if state.open { return true }
                state.waiters.append(continuation)
                return false
            }
            if ready { continuation.resume() }
        }
    }

    var isOpen: Bool { state.withLock { $0.open } }
}

/// A TCP server that closes the first `dropping` connections without answering (an upstream
/// crashing or restarting), then answers every request with 200 "ok".
final class FlakyServer: Sendable {
    final class State: Sendable {
        let connections = Atomic<Int>(0)
        let dropping: Atomic<Int>
        init(dropping: Int) { self.dropping = Atomic(dropping) }
    }

    let state: State
    private let channel: any Channel

    var port: Int { channel.localAddress?.port ?? 0 }
    var connections: Int { state.connections.load(ordering: .relaxed) }

    /// Drops the next `count` connections (counted from now).
    func drop(next count: Int) { state.dropping.store(connections + count, ordering: .relaxed) }

    init(dropping: Int) async throws {
        let state = State(dropping: dropping)
        self.state = state
        channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(FlakyHandler(state: state))
                }
            }
            .bind(host: "127.0.0.1", port: 0).get()
    }

    func close() async { try? await channel.close() }

    final class FlakyHandler: ChannelInboundHandler, Sendable {
        typealias InboundIn = ByteBuffer
        typealias OutboundOut = ByteBuffer
        let state: State
        let answered = Atomic<Bool>(false)
        init(state: State) { self.state = state }

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            guard !answered.exchange(true, ordering: .relaxed) else { return }
            let number = state.connections.wrappingAdd(1, ordering: .relaxed).newValue
            if number <= state.dropping.load(ordering: .relaxed) {
                context.close(promise: nil)
                return
            }
            let reply =
                "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok"
            context.writeAndFlush(wrapOutboundOut(ByteBuffer(string: reply)), promise: nil)
            context.close(promise: nil)
        }
    }
}

/// Signs access tokens with a test key and serves its JWKS.
struct TestIssuer: Sendable {
    let key = Curve25519.Signing.PrivateKey()
    let kid = "gateway-test"

    func router() -> Router<BasicRequestContext> {
        let router = Router()
        let raw = Base64URL.encode(key.publicKey.rawRepresentation)
        let document = PublicJWKS(keys: [PublicJWK(kid: kid, x: raw)])
        router.get("/jwks") { _, _ in JSONBody.response(document) }
        return router
    }

    func token(user: UUID = UUID(), lifetime: TimeInterval = 300, now: Date = .now) async throws -> String {
        let claims = AccessClaims(
            userID: user, email: "edge@example.com", role: "client", permissions: [], issuer: "homestudio-auth",
            audience: "homestudio", lifetime: lifetime, now: now)
        let keys = JWTKeyCollection()
        await keys.add(eddsa: EdDSA.PrivateKey(backing: key), kid: JWKIdentifier(string: kid))
        return try await keys.sign(claims, kid: JWKIdentifier(string: kid))
    }
}

/// A gateway built in-process from configuration values, all upstreams on `upstreamPort` unless
/// overridden, JWKS from `jwksPort`.
struct EdgeGateway {
    let port: Int
    let parts: Gateway.Parts
    let task: Task<Void, any Error>
    /// The channel-level forwarding (nil with `upstream.channel.forwarding` false).
    let forwarding: ApiFastPath.Server?
    /// The service group the gateway runs in (`stop()` and cancelling `task` shut it down gracefully).
    let group: ServiceGroup

    /// Calls forwarded in the channel pipeline so far.
    var forwarded: Int { forwarding?.forwarding.metrics.requests.count.load(ordering: .relaxed) ?? 0 }

    var url: String { "http://127.0.0.1:\(port)" }

    static func start(
        upstreamPort: Int, jwksPort: Int, _ values: [String: String] = [:], tls: Bool = false
    ) async throws -> EdgeGateway {
        var all: [String: String] = [
            "auth.jwks.url": "http://127.0.0.1:\(jwksPort)/jwks", "auth.issuer": "homestudio-auth",
            "auth.audience": "homestudio", "ratelimit.default": "100000/60", "ratelimit.routes": "",
            "docs.asyncapi.path": "\(TestEnvironment.root)/docs/asyncapi.json", "http.plaintext": "true",
        ]
        for service in GatewayConfig.services { all["upstream.\(service).url"] = "http://127.0.0.1:\(upstreamPort)" }
        all.merge(values) { $1 }
        let reader = ConfigReaderFactory.make(all)
        let config = try GatewayConfig(reader: reader)
        var logger = Logger(label: "edge-test")
        logger.logLevel = .warning
        let parts = try Gateway.Parts(config: config, reader: reader, logger: logger)
        let forwarding = Gateway.forwarding(parts: parts)
        let server = try Gateway.serverBuilder(
            tls: config.tls, fastPath: Gateway.fastPath(parts: parts), forwarding: forwarding)
        let (ports, bound) = AsyncStream.makeStream(of: Int.self)
        let app = Application(
            router: Gateway.router(parts: parts), server: server,
            configuration: .init(address: .hostname("127.0.0.1", port: 0)),
            onServerRunning: { bound.yield($0.localAddress?.port ?? 0) }, logger: logger)
        let (port, group, task) = try await serve(app, reporting: ports, logger: logger)
        return EdgeGateway(port: port, parts: parts, task: task, forwarding: forwarding, group: group)
    }

    func stop() async {
        task.cancel()
        parts.redis?.shutdown()
        try? await parts.client.shutdown()
    }
}

/// The process's Prometheus series as the internal listener's `/metrics` renders them (the
/// in-process gateways share the process-wide registry).
func renderedMetrics() -> String {
    var bytes: [UInt8] = []
    MetricsSetup.registry.emit(into: &bytes)
    return String(decoding: bytes, as: UTF8.self)
}

/// An HTTP exchange for these tests (AsyncHTTPClient, bodies collected).
struct Exchange: Sendable {
    var status: Int
    var headers: HTTPHeaders
    var body: String

    var json: [String: Any] {
        (try? JSONSerialization.jsonObject(with: Data(body.utf8))) as? [String: Any] ?? [:]
    }

    static func send(
        _ url: String, method: HTTPMethod = .GET, headers: [(String, String)] = [], body: String? = nil,
        client: HTTPClient = .shared
    ) async throws -> Exchange {
        var request = HTTPClientRequest(url: url)
        request.method = method
        for (name, value) in headers { request.headers.add(name: name, value: value) }
        if let body {
            request.headers.add(name: "Content-Type", value: "application/json")
            request.body = .bytes(ByteBuffer(string: body))
        }
        let response = try await client.execute(request, timeout: .seconds(20))
        let bytes = try await response.body.collect(upTo: 32 << 20)
        return Exchange(status: Int(response.status.code), headers: response.headers, body: String(buffer: bytes))
    }
}
