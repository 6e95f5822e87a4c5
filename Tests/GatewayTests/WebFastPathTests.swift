import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import NIOCore
import NIOEmbedded
import NIOHTTPTypes
import NIOPosix
import ServiceKit
import TestSupport
import Testing

@testable import Gateway

/// The web app's files answered in the channel pipeline: the same answer as the router's, the
/// rest handed on, and a connection's answers kept in request order.
@Suite("gateway: web app fast path")
struct WebFastPathTests {
    /// Runs `body` with the gateway's parts over a built web app, then shuts their HTTP client down.
    static func withParts(_ extra: [String: String] = [:], _ body: (Gateway.Parts) async throws -> Void) async throws {
        let root = try WebAppServingTests.build()
        defer { try? FileManager.default.removeItem(at: root) }
        let parts = try Self.parts(root, extra)
        do { try await body(parts) } catch {
            try await parts.client.shutdown()
            throw error
        }
        try await parts.client.shutdown()
    }

    static func parts(_ root: URL, _ extra: [String: String] = [:]) throws -> Gateway.Parts {
        var values = Dictionary(
            uniqueKeysWithValues: GatewayConfig.services.map { ("upstream.\($0).url", "http://127.0.0.1:1") })
        values["http.plaintext"] = "true"
        values["web.root"] = root.path
        values.merge(extra) { $1 }
        let config = try GatewayConfig(reader: ConfigReaderFactory.make(values))
        var logger = Logger(label: "fast-path-test")
        logger.logLevel = .warning
        return try Gateway.Parts(config: config, verifier: .init(jwksURL: "http://127.0.0.1:1/jwks"), logger: logger)
    }

    static func head(_ path: String, _ fields: HTTPFields = [:], method: HTTPRequest.Method = .get) -> HTTPRequestPart {
        .head(HTTPRequest(method: method, scheme: nil, authority: "localhost", path: path, headerFields: fields))
    }

    /// The parts the handler wrote, as (status, headers, body).
    static func written(_ channel: EmbeddedChannel) throws -> [(HTTPResponse, String)] {
        var replies: [(HTTPResponse, String)] = []
        while let part = try channel.readOutbound(as: HTTPResponsePart.self) {
            switch part {
            case .head(let head): replies.append((head, ""))
            case .body(let body): replies[replies.count - 1].1 += String(buffer: body)
            case .end: break
            }
        }
        return replies
    }

    @Test("a file, a client route and a 304 are answered in the pipeline; the API, HEAD and missing files go on")
    func answersAndHandsOn() async throws {
        try await Self.withParts { parts in
            let channel = EmbeddedChannel(handler: WebFastPath(server: Gateway.fastPath(parts: parts)))

            try channel.writeInbound(
                Self.head("/assets/main-AB12CD34.js", [.acceptEncoding: "gzip", .requestID: "abc-1"]))
            try channel.writeInbound(HTTPRequestPart.end(nil))
            #expect(try channel.readInbound(as: HTTPRequestPart.self) == nil)
            let asset = try Self.written(channel)
            #expect(asset.count == 1)
            let (head, body) = try #require(asset.first)
            #expect(head.status == .ok && body == "GZ")
            #expect(head.headerFields[.contentEncoding] == "gzip" && head.headerFields[.contentLength] == "2")
            #expect(head.headerFields[.requestID] == "abc-1")
            #expect(head.headerFields[.xContentTypeOptions] == "nosniff")
            #expect(head.headerFields[.contentSecurityPolicy]?.contains("script-src 'self'") == true)
            #expect(head.headerFields[.date]?.hasSuffix(" GMT") == true)

            try channel.writeInbound(Self.head("/films/42?x=1"))
            let route = try Self.written(channel)
            #expect(route.first?.1.contains("<title>Homestudio</title>") == true)
            #expect(route.first?.0.headerFields[.requestID]?.count == 36)

            let etag = try #require(head.headerFields[.eTag])
            try channel.writeInbound(
                Self.head("/assets/main-AB12CD34.js", [.acceptEncoding: "gzip", .ifNoneMatch: etag]))
            #expect(try Self.written(channel).map(\.0.status) == [.notModified])

            for (path, method) in [
                ("/api/catalog/films", HTTPRequest.Method.get), ("/assets/gone-1.js", .get), ("/docs/x", .get),
                ("/index.html", .head), ("/index.html", .post), ("/a%2Fb", .get),
            ] {
                try channel.writeInbound(Self.head(path, method: method))
                try channel.writeInbound(HTTPRequestPart.end(nil))
                guard case .head(let passed) = try channel.readInbound(as: HTTPRequestPart.self) else {
                    Issue.record("\(method) \(path) was not handed on")
                    continue
                }
                #expect(passed.path == path)
                #expect(try channel.readInbound(as: HTTPRequestPart.self) == .end(nil))
                #expect(try Self.written(channel).isEmpty, "\(method) \(path) was answered in the pipeline")
                try channel.writeOutbound(HTTPResponsePart.head(HTTPResponse(status: .notFound)))
                try channel.writeOutbound(HTTPResponsePart.end(nil))
                _ = try Self.written(channel)
            }
            _ = try channel.finish()
        }
    }

    @Test("while a request handed on is unanswered, later ones go on too: answers keep request order")
    func keepsOrder() async throws {
        try await Self.withParts { parts in
            let channel = EmbeddedChannel(handler: WebFastPath(server: Gateway.fastPath(parts: parts)))

            try channel.writeInbound(Self.head("/api/catalog/films"))
            try channel.writeInbound(HTTPRequestPart.end(nil))
            try channel.writeInbound(Self.head("/index.html"))
            try channel.writeInbound(HTTPRequestPart.end(nil))
            var handedOn: [String?] = []
            while let part = try channel.readInbound(as: HTTPRequestPart.self) {
                if case .head(let head) = part { handedOn.append(head.path) }
            }
            #expect(handedOn == ["/api/catalog/films", "/index.html"])
            #expect(try Self.written(channel).isEmpty)

            // The router answers both; the connection is free again: the next file is answered here.
            for _ in 0..<2 {
                try channel.writeOutbound(HTTPResponsePart.head(HTTPResponse(status: .ok)))
                try channel.writeOutbound(HTTPResponsePart.end(nil))
            }
            #expect(try Self.written(channel).count == 2)
            try channel.writeInbound(Self.head("/index.html"))
            #expect(try channel.readInbound(as: HTTPRequestPart.self) == nil)
            #expect(try Self.written(channel).map(\.0.status) == [.ok])
            _ = try channel.finish()
        }
    }

    @Test("an Origin the edge answers with CORS goes to the router; other answers say Vary: Origin")
    func corsOrigins() async throws {
        try await Self.withParts(["cors.allowed.origins": "https://app.example"]) { parts in
            let channel = EmbeddedChannel(handler: WebFastPath(server: Gateway.fastPath(parts: parts)))
            try channel.writeInbound(Self.head("/index.html", [.origin: "https://app.example"]))
            #expect(try channel.readInbound(as: HTTPRequestPart.self) != nil)
            try channel.writeOutbound(HTTPResponsePart.end(nil))
            _ = try Self.written(channel)
            try channel.writeInbound(Self.head("/index.html", [.origin: "https://elsewhere.example"]))
            let reply = try Self.written(channel)
            #expect(reply.first?.0.headerFields[values: .vary].contains("Origin") == true)
            _ = try channel.finish()
        }
    }

    /// Over a socket: the same headers as the router's answer (but for the date and request id),
    /// pipelined requests answered in order, and `Connection: close` honoured.
    @Test("over a socket: the router's headers, pipelined order, Connection: close")
    func overSocket() async throws {
        try await Self.withParts { parts in
            let (port, task) = try await launch(
                Gateway.router(parts: parts),
                server: try Gateway.serverBuilder(tls: nil, fastPath: Gateway.fastPath(parts: parts)))
            defer { task.cancel() }
            let fast = try await RawHTTP.exchange(
                port: port,
                "GET /assets/main-AB12CD34.js HTTP/1.1\r\nHost: x\r\nAccept-Encoding: br\r\nConnection: close\r\n\r\n")
            #expect(fast.hasPrefix("HTTP/1.1 200 OK\r\n") && fast.hasSuffix("\r\n\r\nBR"))

            let app = Application(router: Gateway.router(parts: parts))
            try await app.test(.router) { client in
                let routed = try await client.execute(
                    uri: "/assets/main-AB12CD34.js", method: .get, headers: [.acceptEncoding: "br"])
                let names = Set(routed.headers.map { $0.name.canonicalName }).subtracting(["x-request-id", "date"])
                let fastNames = Set(Self.headerLines(fast).map { $0.0 })
                #expect(
                    names.subtracting(fastNames).isEmpty, "missing on the fast path: \(names.subtracting(fastNames))")
                for field in routed.headers where !["x-request-id", "date"].contains(field.name.canonicalName) {
                    #expect(
                        Self.headerLines(fast).contains { $0 == (field.name.canonicalName, field.value) }, "\(field)")
                }
            }

            // An API call (an unknown service: a 404 problem from the router) then a file, in one
            // write: the file waits for the router's answer.
            let pipelined = try await RawHTTP.exchange(
                port: port,
                "GET /api/nosuch/films HTTP/1.1\r\nHost: x\r\n\r\nGET /index.html HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
            )
            let statuses = pipelined.matches(of: #/HTTP\/1\.1 (\d{3}) /#).map { String($0.1) }
            #expect(statuses == ["404", "200"], "\(pipelined)")
            #expect(pipelined.hasSuffix("<title>Homestudio</title>"))
        }
    }

    static func headerLines(_ response: String) -> [(String, String)] {
        let head = response.components(separatedBy: "\r\n\r\n").first ?? ""
        return head.components(separatedBy: "\r\n").dropFirst().compactMap { line in
            guard let colon = line.firstIndex(of: ":") else { return nil }
            return (line[..<colon].lowercased(), line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces))
        }
    }
}
