import AuthKit
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import NIOCore
import ServiceKit
import TestSupport
import Testing

@testable import Gateway

/// The gateway serves the web app's build: cache rules, precompressed variants, client routes.
@Suite("gateway: web app files")
struct WebAppServingTests {
    /// A build like web/build.mjs writes: index.html, a hashed asset with .gz and .br siblings, sw.js.
    static func build() throws -> URL {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("web-\(UUID())")
        try FileManager.default.createDirectory(
            at: root.appendingPathComponent("assets"), withIntermediateDirectories: true)
        try Data("<!doctype html><title>Homestudio</title>".utf8).write(to: root.appendingPathComponent("index.html"))
        try Data("console.log(1)".utf8).write(to: root.appendingPathComponent("assets/main-AB12CD34.js"))
        try Data("GZ".utf8).write(to: root.appendingPathComponent("assets/main-AB12CD34.js.gz"))
        try Data("BR".utf8).write(to: root.appendingPathComponent("assets/main-AB12CD34.js.br"))
        try Data("self.addEventListener('fetch', () => {})".utf8).write(to: root.appendingPathComponent("sw.js"))
        try Data("{}".utf8).write(to: root.appendingPathComponent("meta.json"))
        return root
    }

    static func withApp(_ test: @Sendable (any TestClientProtocol) async throws -> Void) async throws {
        let root = try build()
        defer { try? FileManager.default.removeItem(at: root) }
        var values = Dictionary(
            uniqueKeysWithValues: GatewayConfig.services.map { ("upstream.\($0).url", "http://127.0.0.1:1") })
        values["http.plaintext"] = "true"
        values["web.root"] = root.path
        let config = try GatewayConfig(reader: ConfigReaderFactory.make(values))
        let parts = try Gateway.Parts(
            config: config, verifier: .init(jwksURL: "http://127.0.0.1:1/jwks"), logger: Logger(label: "t"))
        let app = Application(router: Gateway.router(parts: parts))
        try await app.test(.router) { client in try await test(client) }
        try await parts.client.shutdown()
    }

    @Test("hashed assets are immutable for a year; Brotli, then gzip, by Accept-Encoding; identity otherwise")
    func assets() async throws {
        try await Self.withApp { client in
            let path = "/assets/main-AB12CD34.js"
            let br = try await client.execute(uri: path, method: .get, headers: [.acceptEncoding: "gzip, br"])
            #expect(br.status == .ok)
            #expect(br.headers[.cacheControl] == "public, max-age=31536000, immutable")
            #expect(br.headers[.contentEncoding] == "br")
            #expect(String(buffer: br.body) == "BR")
            #expect(br.headers[.vary] == "Accept-Encoding")
            #expect(br.headers[.contentType] == "text/javascript; charset=utf-8")
            let gzip = try await client.execute(uri: path, method: .get, headers: [.acceptEncoding: "br;q=0, gzip"])
            #expect(gzip.headers[.contentEncoding] == "gzip")
            #expect(String(buffer: gzip.body) == "GZ")
            let plain = try await client.execute(uri: path, method: .get)
            #expect(plain.headers[.contentEncoding] == nil)
            #expect(String(buffer: plain.body) == "console.log(1)")
            #expect(Set([br, gzip, plain].compactMap { $0.headers[.eTag] }).count == 3)
            let again = try await client.execute(
                uri: path, method: .get, headers: [.acceptEncoding: "br", .ifNoneMatch: br.headers[.eTag] ?? ""])
            #expect(again.status == .notModified)
        }
    }

    @Test("client routes get index.html (no-cache, the app's CSP); API, docs and missing files stay 404")
    func clientRoutes() async throws {
        try await Self.withApp { client in
            for path in ["/", "/index.html", "/films/42", "/account/sessions?x=1", "/sw.js"] {
                let reply = try await client.execute(uri: path, method: .get)
                #expect(reply.status == .ok, "\(path)")
                #expect(reply.headers[.cacheControl] == "no-cache", "\(path)")
                let policy = reply.headers[.contentSecurityPolicy] ?? ""
                #expect(policy.contains("script-src 'self'") && !policy.contains("unsafe-inline"), "\(path)")
                #expect(policy.contains("img-src 'self' data: blob: https://image.tmdb.org"), "\(path)")
            }
            let page = try await client.execute(uri: "/films/42", method: .get)
            #expect(String(buffer: page.body).contains("<title>Homestudio</title>"))
            for path in [
                "/api", "/api/nothing", "/docs/a/b", "/.well-known/other", "/assets/gone-1234.js", "/meta.json",
                "/metrics", "/health/ready",
            ] {
                let reply = try await client.execute(uri: path, method: .get)
                #expect(reply.status == .notFound, "\(path)")
                #expect(reply.headers[.contentType]?.hasPrefix("application/problem+json") == true, "\(path)")
            }
        }
    }

    @Test("Accept-Encoding: q=0 refuses a coding, * admits the others")
    func acceptEncoding() {
        #expect(AcceptEncoding("gzip;q=0, *").allows("br"))
        #expect(!AcceptEncoding("gzip;q=0, *").allows("gzip"))
        #expect(!AcceptEncoding("").allows("gzip"))
        #expect(AcceptEncoding("GZIP").allows("gzip"))
        #expect(AcceptEncoding(" br ; q=0.5 ,\tgzip;Q=0").allows("br"))
        #expect(!AcceptEncoding(" br ; q=0.5 ,\tgzip;Q=0").allows("gzip"))
        #expect(!AcceptEncoding("deflate, x-gzip").allows("gzip"))
        #expect(!AcceptEncoding("*;q=0, identity").allows("br"))
    }
}
