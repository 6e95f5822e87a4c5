import Foundation
import TestSupport
import Testing

/// The HTTP conventions outside clients rely on.
@Suite("Gateway conventions", .enabled(if: TestEnvironment.isAvailable))
struct GatewayContractTests {
    let services = ["auth", "catalog", "scheduling", "payments", "notifications"]

    @Test("each service's OpenAPI 3.1 document is reachable through the gateway")
    func openAPIDocuments() async throws {
        for service in services {
            let reply = try await APIClient().get("/api/\(service)/openapi.json")
            #expect(reply.status == 200, "\(service)")
            #expect(reply.json["openapi"] as? String == "3.1.0", "\(service)")
            #expect((reply.json["paths"] as? [String: Any])?.isEmpty == false, "\(service)")
        }
    }

    @Test("JWKS is served at /.well-known/jwks.json with an Ed25519 key and a kid")
    func jwks() async throws {
        let reply = try await APIClient().get("/.well-known/jwks.json")
        #expect(reply.status == 200)
        let keys = reply.json["keys"] as? [[String: Any]] ?? []
        #expect(keys.first?["kty"] as? String == "OKP")
        #expect(keys.first?["crv"] as? String == "Ed25519")
        #expect((keys.first?["kid"] as? String)?.isEmpty == false)
    }

    @Test("health and metrics answer on each internal port, never through the public edge")
    func healthAndMetricsAreInternal() async throws {
        for service in ["gateway", "auth", "catalog", "scheduling", "payments", "notifications"] {
            let listener = APIClient(baseURL: TestEnvironment.internalURL(service))
            #expect(try await listener.get("/health/live").status == 200, "\(service)")
            #expect(try await listener.get("/health/ready").status == 200, "\(service)")
            let detailed = try await listener.get("/health")
            #expect(detailed.json["ready"] as? Bool == true, "\(service)")
            let metrics = try await listener.get("/metrics")
            #expect(metrics.text.contains("# TYPE"), "\(service)")
        }
        for path in ["/metrics", "/health/live", "/health/ready", "/health"] {
            #expect(try await APIClient().get(path).status == 404, "gateway \(path)")
        }
        let user = try await Fixtures().newUser().client
        for service in ["auth", "catalog", "scheduling", "payments", "notifications"] {
            for path in ["/metrics", "/health/ready", "/health/live", "/Metrics", "/%6Detrics"] {
                let reply = try await user.get("/api/\(service)\(path)")
                #expect(reply.status == 404, "/api/\(service)\(path) reached the service")
                #expect(!reply.text.contains("# TYPE"))
            }
        }
    }

    @Test("a protected route without a token is refused by the gateway with a 401 problem")
    func unauthenticated() async throws {
        #expect(try await APIClient().get("/api/catalog/nothing-here").status == 401)
        let smuggled = try await APIClient().get("/api/catalog/films/%2e%2e/me/history")
        #expect(smuggled.status == 400)
        #expect(smuggled.contentType.hasPrefix("application/problem+json"))
        let reply = try await APIClient().get("/api/scheduling/me/bookings")
        #expect(reply.status == 401)
        #expect(reply.contentType.hasPrefix("application/problem+json"))
        let forged = try await APIClient(token: "eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.").get(
            "/api/scheduling/me/bookings")
        #expect(forged.status == 401)
    }

    @Test("a client cannot use staff routes (403), unknown routes are 404 problems, bad input is 4xx")
    func errors() async throws {
        let user = try await Fixtures().newUser().client
        let film = try await user.post("/api/catalog/films", ["title": "Nope", "runtimeMinutes": 90])
        #expect(film.status == 403)
        #expect(film.contentType.hasPrefix("application/problem+json"))
        let missing = try await user.get("/api/catalog/nothing-here")
        #expect(missing.status == 404)
        #expect(missing.contentType.hasPrefix("application/problem+json"))
        let bad = try await APIClient().send(.POST, "/api/auth/register", body: Data("{not json".utf8))
        #expect(bad.status == 422)
        #expect((bad.json["errors"] as? [[String: Any]])?.first?["field"] as? String == "body")
        let weak = try await APIClient().post(
            "/api/auth/register", ["email": "x@example.com", "password": "password", "displayName": "X"])
        #expect(weak.status == 422)
        #expect((weak.json["errors"] as? [[String: Any]])?.first?["field"] as? String == "password")
        let cursor = try await APIClient().get("/api/catalog/films?limit=1000")
        #expect(cursor.status == 422)
    }

    @Test("lists are paginated with limit and an opaque cursor")
    func pagination() async throws {
        let admin = try await Fixtures().admin()
        let prefix = "Page\(UUID().uuidString.prefix(6))"
        for index in 0..<3 { _ = try await Fixtures().newFilm(admin, title: "\(prefix) \(index)") }
        // Sorted by title (with q, the default order is relevance).
        let first = try await APIClient().get("/api/catalog/films?limit=2&sort=title&q=\(prefix)")
        let items = first.json["items"] as? [[String: Any]] ?? []
        #expect(items.count == 2)
        let cursor = try #require(first.json["nextCursor"] as? String)
        let second = try await APIClient().get("/api/catalog/films?limit=2&sort=title&q=\(prefix)&cursor=\(cursor)")
        let rest = second.json["items"] as? [[String: Any]] ?? []
        #expect(rest.count == 1)
        #expect(second.json["nextCursor"] == nil)
        #expect(rest.first?["title"] as? String == "\(prefix) 2")
    }

    @Test("CORS: preflights for allowed origins only; security headers on every answer, errors included")
    func corsAndSecurityHeaders() async throws {
        let allowed = "https://app.homestudio.test"
        let preflight = try await APIClient().send(
            .OPTIONS, "/api/scheduling/screenings/x/holds", body: nil,
            headers: [
                "Origin": allowed, "Access-Control-Request-Method": "POST",
                "Access-Control-Request-Headers": "authorization, content-type",
            ])
        #expect(preflight.status == 204)
        #expect(preflight.headers.first(name: "access-control-allow-origin") == allowed)
        #expect(preflight.headers.first(name: "access-control-allow-methods")?.contains("POST") == true)
        #expect(preflight.headers.first(name: "access-control-allow-headers")?.contains("X-CSRF-Token") == true)
        let foreign = try await APIClient().send(
            .OPTIONS, "/api/catalog/films", body: nil,
            headers: ["Origin": "https://evil.example", "Access-Control-Request-Method": "GET"])
        #expect(foreign.status == 403)
        #expect(foreign.contentType.hasPrefix("application/problem+json"))
        #expect(foreign.headers.first(name: "access-control-allow-origin") == nil)
        let simple = try await APIClient().get("/api/catalog/films?limit=1", headers: ["Origin": allowed])
        #expect(simple.headers.first(name: "access-control-allow-origin") == allowed)
        #expect(simple.headers.first(name: "access-control-expose-headers")?.contains("ETag") == true)
        let other = try await APIClient().get("/api/catalog/films?limit=1", headers: ["Origin": "https://evil.example"])
        #expect(other.status == 200 && other.headers.first(name: "access-control-allow-origin") == nil)
        let missing = try await APIClient().get("/api/nowhere/at-all")
        #expect(missing.status == 404)
        for reply in [simple, missing, foreign] {
            #expect(reply.headers.first(name: "x-content-type-options") == "nosniff")
            #expect(reply.headers.first(name: "referrer-policy") == "no-referrer")
            #expect(reply.headers.first(name: "content-security-policy")?.contains("frame-ancestors 'none'") == true)
        }
    }
}
