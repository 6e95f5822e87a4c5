import AuthKit
import Foundation
import Logging
import ServiceKit
import TestSupport
import Testing

@testable import Gateway

@Suite("gateway")
struct GatewayTests {
    @Test("the OpenAPI document lists exactly the routes the gateway serves")
    func openAPIMatchesRoutes() async throws {
        var values = Dictionary(
            uniqueKeysWithValues: GatewayConfig.services.map { ("upstream.\($0).url", "http://127.0.0.1:1") })
        values["http.plaintext"] = "true"
        let config = try GatewayConfig(reader: ConfigReaderFactory.make(values))
        let parts = try Gateway.Parts(
            config: config, verifier: .init(jwksURL: "http://127.0.0.1:1/jwks"), logger: Logger(label: "t"))
        let router = Gateway.router(parts: parts)
        #expect(try GatewayOpenAPI.document.operations() == OpenAPIDocument.operations(of: router))
        try await parts.client.shutdown()
    }

    @Test("the README's HTTP section names every route of the OpenAPI document")
    func readmeNamesEveryRoute() throws {
        let documented = try GatewayOpenAPI.document.operations()
        #expect(documented.subtracting(try ReadmeRoutes.named(inReadmeOf: "gateway")).sorted() == [])
    }

    @Test("rate-limit rules cover exactly their path: the reset confirmation has its own bucket")
    func rateLimitRulesMatchWholePaths() throws {
        let config = try GatewayConfig(
            reader: ConfigReaderFactory.make(
                Dictionary(
                    uniqueKeysWithValues: GatewayConfig.services.map { ("upstream.\($0).url", "http://127.0.0.1:1") }
                )
                .merging(["http.plaintext": "true", "auth.jwks.url": "http://127.0.0.1:1/jwks"]) { $1 }))
        let table = config.rateLimits.routes
        #expect(table.rule(method: .post, service: "auth", path: "/password-reset")?.prefix == "/password-reset")
        #expect(
            table.rule(method: .post, service: "auth", path: "/password-reset/confirm")?.prefix
                == "/password-reset/confirm")
        #expect(table.rule(method: .post, service: "auth", path: "/login/extra") == nil)
        let subtree = try RouteTable<Int>("GET catalog /films/** 1; POST auth /login 2", key: "t", exact: true) {
            Int($0)
        }
        #expect(subtree.rule(method: .get, service: "catalog", path: "/films/42")?.value == 1)
        #expect(subtree.rule(method: .get, service: "catalog", path: "/filmstrip") == nil)
        #expect(subtree.rule(method: .post, service: "auth", path: "/login")?.value == 2)
        // Other tables (cache, timeouts, body limits) keep whole-segment prefixes.
        let cache = try RouteTable<Int>("GET catalog /films 1", key: "t") { Int($0) }
        #expect(cache.rule(method: .get, service: "catalog", path: "/films/42")?.value == 1)
        #expect(cache.rule(method: .get, service: "catalog", path: "/filmstrip") == nil)
    }

    @Test("without TLS files the gateway starts only when plain HTTP is asked for")
    func plaintextIsExplicit() throws {
        let upstreams = Dictionary(
            uniqueKeysWithValues: GatewayConfig.services.map { ("upstream.\($0).url", "http://127.0.0.1:1") })
        #expect(throws: (any Error).self) { try GatewayConfig(reader: ConfigReaderFactory.make(upstreams)) }
        let plain = upstreams.merging(["http.plaintext": "true"]) { $1 }
        #expect(try GatewayConfig(reader: ConfigReaderFactory.make(plain)).tls == nil)
        let half = plain.merging(["tls.certificate.path": "/tmp/cert.pem"]) { $1 }
        #expect(throws: (any Error).self) { try GatewayConfig(reader: ConfigReaderFactory.make(half)) }
    }

    @Test("public routes pass without a token; everything else needs one")
    func accessPolicy() {
        #expect(AccessPolicy.isPublic(method: .post, service: "auth", path: "/login"))
        #expect(AccessPolicy.isPublic(method: .get, service: "catalog", path: "/films/123"))
        #expect(AccessPolicy.isPublic(method: .get, service: "catalog", path: "/images/0a1b.webp"))
        #expect(!AccessPolicy.isPublic(method: .put, service: "catalog", path: "/films/1/images/poster"))
        #expect(AccessPolicy.isPublic(method: .get, service: "payments", path: "/openapi.json"))
        #expect(!AccessPolicy.isPublic(method: .post, service: "catalog", path: "/films"))
        #expect(!AccessPolicy.isPublic(method: .get, service: "scheduling", path: "/me/bookings"))
        #expect(!AccessPolicy.isPublic(method: .get, service: "catalog", path: "/filmsx"))
        #expect(!AccessPolicy.isPublic(method: .post, service: "scheduling", path: "/screenings/1/holds"))
    }

    @Test("dot segments, plain or encoded, cannot smuggle a protected path behind a public prefix")
    func dotSegments() {
        #expect(AccessPolicy.isCanonical(["films", "123"]))
        #expect(!AccessPolicy.isCanonical(["films", "..", "me", "history"]))
        #expect(!AccessPolicy.isCanonical(["films", "%2e%2E", "me"]))
        #expect(!AccessPolicy.isCanonical(["films", "%2F..%2Fme"]))
        #expect(!AccessPolicy.isCanonical(["films", "."]))
    }
}
