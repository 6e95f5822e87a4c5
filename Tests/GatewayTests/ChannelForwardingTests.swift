import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import TestSupport
import Testing

@testable import Gateway

/// Plain API calls forwarded in the channel pipeline (`ApiFastPath`): the same answer as the
/// router's, only for the calls it may take, in request order, and the failures answered alike.
/// (The proxying suite's GETs, timeouts, retries and breaker cases run through it as well.)
@Suite("gateway edge: channel-level forwarding")
struct ChannelForwardingTests {
    func withGateways(
        _ values: [String: String] = [:],
        _ body: (_ fast: EdgeGateway, _ routed: EdgeGateway, FakeUpstream, TestIssuer) async throws -> Void
    ) async throws {
        let upstream = FakeUpstream()
        let issuer = TestIssuer()
        let (upstreamPort, upstreamTask) = try await launch(upstream.router())
        let (jwksPort, jwksTask) = try await launch(issuer.router())
        let fast = try await EdgeGateway.start(upstreamPort: upstreamPort, jwksPort: jwksPort, values)
        var off = values
        off["upstream.channel.forwarding"] = "false"
        let routed = try await EdgeGateway.start(upstreamPort: upstreamPort, jwksPort: jwksPort, off)
        defer {
            upstreamTask.cancel()
            jwksTask.cancel()
        }
        do { try await body(fast, routed, upstream, issuer) } catch {
            await fast.stop()
            await routed.stop()
            throw error
        }
        await fast.stop()
        await routed.stop()
    }

    /// Header names and values, without the ones that differ per call.
    static func comparable(_ headers: HTTPHeaders) -> [String: String] {
        var table: [String: String] = [:]
        for (name, value) in headers where !["date", "x-request-id", "ratelimit-remaining"].contains(name.lowercased())
        {
            table[name.lowercased(), default: ""] += value
        }
        return table
    }

    @Test("a public and a protected GET: forwarded here, with the router's status, headers and body")
    func sameAnswerAsTheRouter() async throws {
        try await withGateways(["cors.allowed.origins": "https://app.example"]) { fast, routed, _, issuer in
            let auth = ("Authorization", "Bearer \(try await issuer.token())")
            // The first protected call verifies the token (router); the verifier remembers it.
            #expect(try await Exchange.send("\(fast.url)/api/auth/me", headers: [auth]).status == 200)
            #expect(fast.forwarded == 0, "a token the verifier has not seen goes to the router")
            for (path, headers) in [
                ("/api/auth/me", [auth]), ("/api/catalog/films/42?lang=fr", []),
                ("/api/scheduling/me", [auth]), ("/api/payments/crash", [auth]),
            ] {
                let before = fast.forwarded
                let viaFast = try await Exchange.send(fast.url + path, headers: headers + [("X-Request-Id", "rid-1")])
                let viaRouter = try await Exchange.send(
                    routed.url + path, headers: headers + [("X-Request-Id", "rid-1")])
                #expect(fast.forwarded == before + 1, "\(path) was not forwarded in the pipeline")
                #expect(viaFast.status == viaRouter.status, "\(path)")
                #expect(NSDictionary(dictionary: viaFast.json) == NSDictionary(dictionary: viaRouter.json), "\(path)")
                #expect(viaFast.body.count == viaRouter.body.count, "\(path)")
                #expect(Self.comparable(viaFast.headers) == Self.comparable(viaRouter.headers), "\(path)")
                #expect(viaFast.headers.first(name: "X-Request-Id") == "rid-1")
                #expect(viaFast.headers.first(name: "RateLimit-Limit") == "100000")
            }
            #expect(routed.forwarded == 0)
        }
    }

    @Test("what it may not take goes to the router: writes, dot segments, internal paths, CORS, streams, unknown")
    func declines() async throws {
        try await withGateways(["cors.allowed.origins": "https://app.example"]) { fast, routed, upstream, issuer in
            let token = try await issuer.token()
            _ = try await Exchange.send("\(fast.url)/api/auth/me", headers: [("Authorization", "Bearer \(token)")])
            let cases: [(String, HTTPMethod, [(String, String)], Int)] = [
                ("/api/catalog/actions", .POST, [("Authorization", "Bearer \(token)")], 200),
                ("/api/catalog/echo/%2e%2e/me", .GET, [], 400),
                ("/api/auth/metrics", .GET, [], 404),
                ("/api/auth/me", .GET, [("Origin", "https://app.example"), ("Authorization", "Bearer \(token)")], 200),
                ("/api/auth/me", .GET, [("Authorization", "Bearer not-a-token")], 401),
                ("/api/auth/me", .GET, [], 401),
                ("/api/nothing/here", .GET, [], 404),
                (
                    "/api/catalog/echo/x", .GET,
                    [("Accept", "text/event-stream"), ("Authorization", "Bearer \(token)")], 200
                ),
            ]
            for (path, method, headers, status) in cases {
                let before = fast.forwarded
                let reply = try await Exchange.send(
                    fast.url + path, method: method, headers: headers, body: method == .POST ? "{}" : nil)
                #expect(reply.status == status, "\(method) \(path)")
                #expect(fast.forwarded == before, "\(method) \(path) was forwarded in the pipeline")
            }
            let cors = try await Exchange.send(
                "\(fast.url)/api/auth/me",
                headers: [("Origin", "https://app.example"), ("Authorization", "Bearer \(token)")])
            #expect(cors.headers.first(name: "Access-Control-Allow-Origin") == "https://app.example")
            #expect(upstream.count("actions") == 1)
            #expect(routed.forwarded == 0)
        }
    }

    @Test("pipelined: forwarded and routed answers keep request order; Connection: close is honoured")
    func pipelinedOrder() async throws {
        try await withGateways { fast, _, upstream, _ in
            let raw =
                "GET /api/catalog/films/1 HTTP/1.1\r\nHost: x\r\n\r\n"
                + "POST /api/auth/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n{}"
                + "GET /api/catalog/films/2 HTTP/1.1\r\nHost: x\r\n\r\n"
                + "GET /api/catalog/films/3 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
            let before = fast.forwarded
            let reply = try await RawHTTP.exchange(port: fast.port, raw)
            let statuses = reply.matches(of: #/HTTP\/1\.1 (\d{3}) /#).map { String($0.1) }
            #expect(statuses == ["200", "200", "200", "200"], "\(reply)")
            let order = reply.matches(of: #/"id":"(\d)"|"token"/#).map { String($0.0) }
            #expect(order == [#""id":"1""#, #""token""#, #""id":"2""#, #""id":"3""#], "\(reply)")
            // The first at least; those read with the POST wait for it and go on to the router.
            #expect(fast.forwarded >= before + 1)
            #expect(upstream.count("film") == 3)
        }
    }

    @Test("a graceful shutdown lets a call forwarded in the pipeline finish before its connection closes")
    func gracefulShutdownFinishesTheCall() async throws {
        let upstream = FakeUpstream()
        let issuer = TestIssuer()
        let (upstreamPort, upstreamTask) = try await launch(upstream.router())
        let (jwksPort, jwksTask) = try await launch(issuer.router())
        defer {
            upstreamTask.cancel()
            jwksTask.cancel()
        }
        let gateway = try await EdgeGateway.start(upstreamPort: upstreamPort, jwksPort: jwksPort)
        do {
            let auth = ("Authorization", "Bearer \(try await issuer.token())")
            #expect(try await Exchange.send("\(gateway.url)/api/auth/me", headers: [auth]).status == 200)
            let before = gateway.forwarded
            async let slow = Exchange.send("\(gateway.url)/api/catalog/slow", headers: [auth])  // 3 s upstream
            _ = try await eventually(timeout: .seconds(10), every: .milliseconds(20), "the slow call upstream") {
                upstream.count("slow") > 0 ? true : nil
            }
            await gateway.group.triggerGracefulShutdown()
            let answer = try await slow
            #expect(answer.status == 200)
            #expect(answer.json["slow"] as? Bool == true)
            #expect(gateway.forwarded == before + 1, "the call went through the pipeline's forwarding")
        } catch {
            await gateway.stop()
            throw error
        }
        _ = try? await gateway.task.value  // the server stopped once the call had ended
        await gateway.stop()
    }

    @Test("a slow upstream: 504 problem from the pipeline; one that is down: 503 problem, then the open circuit")
    func failures() async throws {
        try await withGateways([
            "timeout.routes": "GET catalog /slow 0.3", "upstream.retries": "0", "breaker.failures": "2",
            "upstream.payments.url": "http://127.0.0.1:1",
        ]) { fast, _, _, issuer in
            let auth = ("Authorization", "Bearer \(try await issuer.token())")
            _ = try await Exchange.send("\(fast.url)/api/catalog/me", headers: [auth])  // the token is verified
            let slow = try await Exchange.send("\(fast.url)/api/catalog/slow", headers: [auth])
            #expect(slow.status == 504)
            #expect(slow.headers.first(name: "Content-Type") == "application/problem+json")
            #expect(slow.json["code"] as? String == "upstream-timeout")
            #expect(slow.headers.first(name: "X-Content-Type-Options") == "nosniff")
            #expect(fast.forwarded == 1)
            for _ in 0..<2 {
                let down = try await Exchange.send("\(fast.url)/api/payments/rates/convert")
                #expect(down.status == 503)
                #expect(down.json["code"] as? String == "upstream-unavailable")
            }
            #expect(fast.forwarded == 3)
            let open = try await Exchange.send("\(fast.url)/api/payments/rates/convert")
            #expect(open.json["code"] as? String == "circuit-open", "the router answers for an open circuit")
            #expect(fast.forwarded == 3)
            // The catalog's connection was closed after its timeout; the next call gets a new one.
            #expect(try await Exchange.send("\(fast.url)/api/catalog/films/7").status == 200)
            #expect(fast.forwarded == 4)
        }
    }
}
