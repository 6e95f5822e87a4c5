import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import ServiceKit
import TestSupport
import Testing
import TraceContext

@testable import Gateway

/// The gateway as a proxy, run in-process in front of a local stand-in service: routing,
/// forwarded headers, failures (down, slow, flaky), the circuit breaker, streaming, tokens.
@Suite("gateway edge: proxying")
struct EdgeProxyTests {
    /// Runs `body` with a stand-in upstream, a JWKS issuer and one gateway configured with `values`.
    func withGateway(
        _ values: [String: String] = [:],
        _ body: (EdgeGateway, FakeUpstream, TestIssuer) async throws -> Void
    ) async throws {
        let upstream = FakeUpstream()
        let issuer = TestIssuer()
        let (upstreamPort, upstreamTask) = try await launch(upstream.router())
        let (jwksPort, jwksTask) = try await launch(issuer.router())
        let gateway = try await EdgeGateway.start(upstreamPort: upstreamPort, jwksPort: jwksPort, values)
        do {
            try await body(gateway, upstream, issuer)
        } catch {
            await gateway.stop()
            throw error
        }
        await gateway.stop()
        upstreamTask.cancel()
        jwksTask.cancel()
    }

    @Test("routes by prefix, strips it, keeps the query; adds X-Request-Id, traceparent, Forwarded")
    func routingAndHeaders() async throws {
        try await withGateway { gateway, _, issuer in
            let auth = ("Authorization", "Bearer \(try await issuer.token())")
            let trace = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01"
            let reply = try await Exchange.send(
                "\(gateway.url)/api/catalog/echo/a/b?x=1&y=%C3%A9",
                headers: [
                    auth, ("X-Request-Id", "edge-test-1"), ("traceparent", trace), ("X-Forwarded-For", "6.6.6.6"),
                ])
            #expect(reply.status == 200)
            let seen = reply.json
            #expect(seen["path"] as? String == "/echo/a/b")
            #expect(seen["query"] as? String == "x=1&y=%C3%A9")
            #expect(seen["x-request-id"] as? String == "edge-test-1")
            #expect(reply.headers.first(name: "X-Request-Id") == "edge-test-1")
            let forwardedTrace = try #require(seen["traceparent"] as? String)
            #expect(forwardedTrace.hasPrefix("00-0af7651916cd43dd8448eb211c80319c-"))
            #expect(!forwardedTrace.contains("b7ad6b7169203331"), "the gateway's hop gets its own parent id")
            // The peer is not a trusted proxy: the address it claims is ignored.
            #expect(seen["x-forwarded-for"] as? String == "127.0.0.1")
            #expect(seen["forwarded"] as? String == "for=127.0.0.1;proto=http")
            // Without a traceparent a new trace starts.
            let fresh = try await Exchange.send("\(gateway.url)/api/auth/echo/x", headers: [auth]).json
            #expect(TraceParent(header: fresh["traceparent"] as? String) != nil)
            // Unknown service: 404 problem.
            let unknown = try await Exchange.send("\(gateway.url)/api/nothing/here")
            #expect(unknown.status == 404)
            #expect(unknown.headers.first(name: "Content-Type") == "application/problem+json")
        }
    }

    @Test("X-Forwarded-For is kept only when the peer is a trusted proxy")
    func trustedProxies() async throws {
        try await withGateway(["proxy.trusted": "127.0.0.1/32, 10.0.0.0/8"]) { gateway, _, issuer in
            let seen = try await Exchange.send(
                "\(gateway.url)/api/catalog/echo/x",
                headers: [
                    ("X-Forwarded-For", "6.6.6.6, 203.0.113.7, 10.1.2.3"),  // 6.6.6.6: the client's own claim
                    ("Authorization", "Bearer \(try await issuer.token())"),
                ]
            ).json
            #expect(seen["x-forwarded-for"] as? String == "203.0.113.7, 10.1.2.3, 127.0.0.1")
            #expect(
                seen["forwarded"] as? String
                    == "for=203.0.113.7;proto=http, for=10.1.2.3;proto=http, for=127.0.0.1;proto=http")
        }
        let resolver = ClientAddress(trusted: [IPRange("10.0.0.0/8")!])
        #expect(resolver.resolve(peer: "10.0.0.1", forwardedFor: "198.51.100.1, 10.9.9.9").client == "198.51.100.1")
        #expect(resolver.resolve(peer: "198.51.100.2", forwardedFor: "1.2.3.4").client == "198.51.100.2")
        // A client's own X-Forwarded-For entries (left of its address) are dropped, so a service
        // reading the first entry sees the client.
        let spoofed = resolver.resolve(peer: "10.0.0.1", forwardedFor: "6.6.6.6, 198.51.100.1, 10.9.9.9")
        #expect(spoofed.client == "198.51.100.1")
        #expect(spoofed.chain == ["198.51.100.1", "10.9.9.9", "10.0.0.1"])
        let allTrusted = resolver.resolve(peer: "10.0.0.1", forwardedFor: "10.0.0.2")
        #expect(allTrusted.client == "10.0.0.2")
        #expect(allTrusted.chain == ["10.0.0.2", "10.0.0.1"])
        #expect(IPRange("2001:db8::/32")!.contains("2001:db8::1"))
        #expect(!IPRange("2001:db8::/32")!.contains("2001:db9::1"))
    }

    @Test("a service's deliberate 503 about one provider never opens the circuit; its failures do")
    func deliberateAnswersDoNotOpenTheCircuit() async throws {
        try await withGateway(["breaker.failures": "3", "breaker.open.ms": "10000", "upstream.retries": "0"]) {
            gateway, _, issuer in
            let auth = [("Authorization", "Bearer \(try await issuer.token())")]
            for _ in 0..<8 {
                let reply = try await Exchange.send("\(gateway.url)/api/catalog/tmdb/search", headers: auth)
                #expect(reply.status == 503)
                #expect(reply.json["code"] as? String == "tmdb-not-configured")
            }
            #expect(try await Exchange.send("\(gateway.url)/api/catalog/me", headers: auth).status == 200)
            for _ in 0..<3 { _ = try await Exchange.send("\(gateway.url)/api/catalog/crash", headers: auth) }
            let open = try await Exchange.send("\(gateway.url)/api/catalog/me", headers: auth)
            #expect(open.json["code"] as? String == "circuit-open", "the service's own unavailability counts")
        }
    }

    @Test("upstream down: 503 problem; after repeated failures the circuit opens, then recovers")
    func circuitBreaker() async throws {
        let flaky = try await FlakyServer(dropping: 1000)
        try await withGateway([
            "upstream.payments.url": "http://127.0.0.1:\(flaky.port)", "breaker.failures": "3",
            // Open long enough that a busy machine's fourth call still finds it open.
            "breaker.open.ms": "2500", "upstream.retries": "0",
        ]) { gateway, _, _ in
            for _ in 0..<3 {
                let reply = try await Exchange.send("\(gateway.url)/api/payments/rates/convert")
                #expect(reply.status == 503)
                #expect(reply.json["code"] as? String == "upstream-unavailable")
            }
            let before = flaky.connections
            let open = try await Exchange.send("\(gateway.url)/api/payments/rates/convert")
            #expect(open.status == 503)
            #expect(open.json["code"] as? String == "circuit-open")
            #expect(open.headers.first(name: "Content-Type") == "application/problem+json")
            #expect(Int(open.headers.first(name: "Retry-After") ?? "") ?? 0 >= 1)
            #expect(flaky.connections == before, "an open circuit does not call the upstream")
            // Other upstreams are not affected.
            #expect(try await Exchange.send("\(gateway.url)/api/catalog/films/1").status == 200)
            // The upstream recovers; after the open period one trial call closes the circuit.
            flaky.drop(next: 0)
            try await Task.sleep(for: .milliseconds(2600))
            #expect(try await Exchange.send("\(gateway.url)/api/payments/rates/convert").status == 200)
            #expect(try await Exchange.send("\(gateway.url)/api/payments/rates/convert").status == 200)
        }
        // Nothing listening at all: 503 as well.
        try await withGateway(["upstream.scheduling.url": "http://127.0.0.1:1", "upstream.retries": "0"]) {
            gateway, _, _ in
            let reply = try await Exchange.send("\(gateway.url)/api/scheduling/cinemas")
            #expect(reply.status == 503)
            #expect(reply.json["code"] as? String == "upstream-unavailable")
        }
        await flaky.close()
    }

    @Test("a slow upstream gets the route's timeout: 504 problem, other routes keep the default")
    func slowUpstream() async throws {
        try await withGateway(["timeout.routes": "GET catalog /slow 0.3"]) { gateway, _, issuer in
            let token = try await issuer.token()
            // The token verified first (its JWKS fetch is not what is timed here).
            _ = try await Exchange.send(
                "\(gateway.url)/api/catalog/me", headers: [("Authorization", "Bearer \(token)")])
            let started = ContinuousClock.now
            let reply = try await Exchange.send(
                "\(gateway.url)/api/catalog/slow", headers: [("Authorization", "Bearer \(token)")])
            #expect(reply.status == 504)
            #expect(reply.json["code"] as? String == "upstream-timeout")
            // Well before the upstream's 3 s answer (on a loaded machine the 0.3 s timeout itself
            // was seen to take 2.1 s to come back); the 504 above already shows it was the timeout.
            #expect(ContinuousClock.now - started < .milliseconds(2800))
        }
        let config = try GatewayConfig(
            reader: ConfigReaderFactory.make(
                Dictionary(uniqueKeysWithValues: GatewayConfig.services.map { ("upstream.\($0).url", "http://x") })
                    .merging([
                        "timeout.routes": "GET catalog /slow 0.3; * payments /checkouts 60", "http.plaintext": "true",
                    ]) {
                        $1
                    }))
        #expect(
            config.timeout(method: .get, service: "catalog", path: "/slow/1", acceptsEventStream: false)
                == .milliseconds(300))
        #expect(
            config.timeout(method: .post, service: "payments", path: "/checkouts", acceptsEventStream: false)
                == .seconds(60))
        #expect(
            config.timeout(method: .get, service: "catalog", path: "/films", acceptsEventStream: false) == .seconds(30))
        #expect(
            config.timeout(method: .get, service: "catalog", path: "/slow", acceptsEventStream: true) == .seconds(3600))
    }

    @Test("a GET whose connection failed is retried; a POST never is")
    func idempotentRetry() async throws {
        let flaky = try await FlakyServer(dropping: 1)
        try await withGateway(["upstream.scheduling.url": "http://127.0.0.1:\(flaky.port)", "upstream.retries": "2"]) {
            gateway, _, issuer in
            let token = try await issuer.token()
            let get = try await Exchange.send("\(gateway.url)/api/scheduling/cinemas")
            #expect(get.status == 200)
            #expect(get.body == "ok")
            #expect(flaky.connections == 2, "dropped once, retried once")
            flaky.drop(next: 1)
            let post = try await Exchange.send(
                "\(gateway.url)/api/scheduling/screenings", method: .POST,
                headers: [("Authorization", "Bearer \(token)")],
                body: "{}")
            #expect(post.status == 503)
            #expect(flaky.connections == 3, "the POST reached the upstream once and was not sent again")
        }
        await flaky.close()
    }

    @Test("token refusals: none, malformed, expired, wrong signature → 401 problem; a valid one passes")
    func tokenRefusals() async throws {
        try await withGateway { gateway, _, issuer in
            let url = "\(gateway.url)/api/auth/me"
            let expired = try await issuer.token(lifetime: 60, now: Date().addingTimeInterval(-3600))
            let forged = try await TestIssuer().token()  // same kid, another key
            for header in [nil, "Bearer", "Bearer not.a.token", "Basic abc", "Bearer \(expired)", "Bearer \(forged)"] {
                let reply = try await Exchange.send(url, headers: header.map { [("Authorization", $0)] } ?? [])
                #expect(reply.status == 401, "\(header ?? "no header")")
                #expect(reply.headers.first(name: "Content-Type") == "application/problem+json")
            }
            let valid = try await Exchange.send(url, headers: [("Authorization", "Bearer \(try await issuer.token())")])
            #expect(valid.status == 200)
        }
    }

    @Test("CSRF: with session cookies a state-changing call needs X-CSRF-Token equal to hs_csrf")
    func csrf() async throws {
        try await withGateway { gateway, upstream, issuer in
            let auth = ("Authorization", "Bearer \(try await issuer.token())")
            let csrf = String(repeating: "c5", count: 20)
            let refused = try await Exchange.send(
                "\(gateway.url)/api/catalog/actions", method: .POST, headers: [auth, ("Cookie", "hs_csrf=\(csrf)")],
                body: "{}")
            #expect(refused.status == 403)
            #expect(refused.json["code"] as? String == "csrf-failed")
            let wrong = try await Exchange.send(
                "\(gateway.url)/api/catalog/actions", method: .POST,
                headers: [auth, ("Cookie", "hs_csrf=\(csrf)"), ("X-CSRF-Token", csrf + "x")], body: "{}")
            #expect(wrong.status == 403)
            #expect(upstream.count("actions") == 0)
            let accepted = try await Exchange.send(
                "\(gateway.url)/api/catalog/actions", method: .POST,
                headers: [auth, ("Cookie", "hs_csrf=\(csrf)"), ("X-CSRF-Token", csrf)], body: "{}")
            #expect(accepted.status == 200)
            #expect(upstream.count("actions") == 1)
        }
    }

    @Test("an upstream that answers before reading a streamed upload: the client gets its answer, the gateway lives on")
    func earlyAnswerToAStreamedUpload() async throws {
        try await withGateway(["body.routes": "PUT catalog /refuse 67108864"]) { gateway, _, issuer in
            let token = try await issuer.token()
            for _ in 0..<3 {
                var request = HTTPClientRequest(url: "\(gateway.url)/api/catalog/refuse")
                request.method = .PUT
                request.headers.add(name: "Authorization", value: "Bearer \(token)")
                request.headers.add(name: "Content-Type", value: "image/png")
                request.body = .bytes(ByteBuffer(repeating: 0x61, count: 3 << 20))
                let response = try await HTTPClient.shared.execute(request, timeout: .seconds(30))
                #expect(response.status.code == 415)
                _ = try await response.body.collect(upTo: 1 << 16)
            }
            let after = try await Exchange.send(
                "\(gateway.url)/api/catalog/me", method: .GET, headers: [("Authorization", "Bearer \(token)")])
            #expect(after.status == 200)
        }
    }

    @Test("bodies stream both ways: the upstream reads the upload before it ends; SSE events arrive one by one")
    func streaming() async throws {
        try await withGateway(["body.routes": "POST catalog /upload 67108864"]) { gateway, upstream, issuer in
            let token = try await issuer.token()
            // Upload: the second half is sent only once the upstream has seen the first bytes,
            // which is impossible if the gateway waited for the whole body.
            var request = HTTPClientRequest(url: "\(gateway.url)/api/catalog/upload")
            request.method = .POST
            request.headers.add(name: "Authorization", value: "Bearer \(token)")
            let chunk = ByteBuffer(repeating: 0x61, count: 1 << 20)
            let seen = upstream.firstChunkSeen
            let (chunks, feed) = AsyncStream.makeStream(of: ByteBuffer.self)
            request.body = .stream(chunks, length: .known(Int64(20 << 20)))
            let sending = Task {
                for _ in 0..<10 { feed.yield(chunk) }
                try await withTimeout(.seconds(10)) { await seen.wait() }
                for _ in 0..<10 { feed.yield(chunk) }
                feed.finish()
            }
            let response = try await HTTPClient.shared.execute(request, timeout: .seconds(30))
            let answer = String(buffer: try await response.body.collect(upTo: 1 << 16))
            try await sending.value
            #expect(response.status.code == 200)
            #expect(answer.contains("\(20 << 20)"))
            // Over the route's limit: 413 problem before anything is forwarded.
            let tooLarge = try await Exchange.send(
                "\(gateway.url)/api/catalog/actions", method: .POST, headers: [("Authorization", "Bearer \(token)")],
                body: String(repeating: "x", count: (1 << 20) + 1))
            #expect(tooLarge.status == 413)
            #expect(tooLarge.json["code"] as? String == "body-too-large")

            // Server-sent events: the first event is read before the upstream writes the second.
            var events = HTTPClientRequest(url: "\(gateway.url)/api/catalog/stream")
            events.headers.add(name: "Accept", value: "text/event-stream")
            events.headers.add(name: "Authorization", value: "Bearer \(token)")
            let stream = try await HTTPClient.shared.execute(events, timeout: .seconds(30))
            #expect(stream.headers.first(name: "Content-Type") == "text/event-stream")
            // If the gateway held the stream back, the watchdog releases it after 10 s and the
            // check below fails instead of the test hanging.
            let release = upstream.releaseStream
            let watchdog = Task {
                try await Task.sleep(for: .seconds(10))
                release.open()
            }
            var iterator = stream.body.makeAsyncIterator()
            let first = try await iterator.next()
            #expect(String(buffer: try #require(first)).contains("data: one"))
            #expect(!release.isOpen, "the first event arrived only after the upstream finished")
            watchdog.cancel()
            release.open()
            var rest = ""
            while let more = try await iterator.next() { rest += String(buffer: more) }
            #expect(rest.contains("data: two"))

            // A 10 MiB download arrives whole.
            var download = HTTPClientRequest(url: "\(gateway.url)/api/catalog/large")
            download.headers.add(name: "Authorization", value: "Bearer \(token)")
            let large = try await HTTPClient.shared.execute(download, timeout: .seconds(30))
            var total = 0
            for try await part in large.body { total += part.readableBytes }
            #expect(total == 10 << 20)
        }
    }
}

/// Fails with a clear error instead of hanging when `body` takes longer than `limit`.
func withTimeout<T: Sendable>(_ limit: Duration, _ body: @escaping @Sendable () async throws -> T) async throws -> T {
    try await withThrowingTaskGroup(of: T.self) { group in
        group.addTask { try await body() }
        group.addTask {
            try await Task.sleep(for: limit)
            throw TestFailure("timed out after \(limit)")
        }
        let first = try await group.next()!
        group.cancelAll()
        return first
    }
}
