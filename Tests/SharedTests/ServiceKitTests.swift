import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import ServiceKit
import Testing

@Suite("ServiceKit")
struct ServiceKitTests {
    struct Boom: Error {}

    func app() -> some ApplicationProtocol {
        let router = ServiceRouter.make(openAPI: OpenAPIDocument(json: #"{"openapi":"3.1.0","paths":{}}"#))
        router.get("/ok") { _, _ in "ok" }
        router.get("/conflict") { _, _ -> String in throw AppError.conflict("taken", "Already taken") }
        router.get("/boom") { _, _ -> String in throw Boom() }
        router.get("/bare-404") { _, _ in  // as a proxied upstream's empty 404 arrives
            Response(
                status: .notFound,
                headers: [
                    .contentLength: "0", .contentEncoding: "gzip", .cacheControl: "no-store",
                    HTTPField.Name("X-Upstream")!: "catalog",
                ])
        }
        router.get("/page") { request, _ in
            let page = try PageRequest(request: request, defaultLimit: 2)
            let rows = (1...5).map(String.init).filter { page.after == nil || $0 > page.after! }
            return page.page(Array(rows.prefix(page.limit + 1))) { $0 }
        }
        return Application(router: router)
    }

    @Test("errors, unknown routes and bare 404s (headers kept) answer problem+json; a 500 hides details")
    func problems() async throws {
        try await app().test(.router) { client in
            try await client.execute(uri: "/conflict", method: .get) { response in
                #expect(response.status == .conflict)
                #expect(response.headers[.contentType] == "application/problem+json")
                let problem = try JSONDecoder().decode(Problem.self, from: Data(buffer: response.body))
                #expect(problem.code == "taken")
                #expect(problem.status == 409)
            }
            try await client.execute(uri: "/nowhere", method: .get) { response in
                #expect(response.status == .notFound)
                #expect(response.headers[.contentType] == "application/problem+json")
            }
            try await client.execute(uri: "/bare-404", method: .get) { response in
                #expect(response.status == .notFound)
                #expect(response.headers[.contentType] == "application/problem+json")
                #expect(response.headers[.cacheControl] == "no-store", "the handler's headers stay")
                #expect(response.headers[HTTPField.Name("X-Upstream")!] == "catalog")
                #expect(response.headers[.contentLength] == String(response.body.readableBytes))
                #expect(response.headers[.contentEncoding] == nil, "the new body is not the old one's encoding")
                let problem = try JSONDecoder().decode(Problem.self, from: Data(buffer: response.body))
                #expect(problem.code == "not-found")
            }
            try await client.execute(uri: "/boom", method: .get) { response in
                #expect(response.status == .internalServerError)
                #expect(!String(buffer: response.body).contains("Boom"))
            }
        }
    }

    @Test("a request id is echoed when acceptable and made up otherwise")
    func requestID() async throws {
        try await app().test(.router) { client in
            try await client.execute(uri: "/ok", method: .get, headers: [.requestID: "abc-123"]) { response in
                #expect(response.headers[.requestID] == "abc-123")
            }
            try await client.execute(uri: "/ok", method: .get, headers: [.requestID: "bad id\u{7}"]) {
                response in
                #expect(response.headers[.requestID] != "bad id\u{7}")
                let made = try #require(response.headers[.requestID])
                #expect(UUID(uuidString: made) != nil)
                #expect(Array(made)[14] == "4", "a version 4 UUID")
                #expect("89ab".contains(Array(made)[19]), "RFC 4122 variant")
            }
        }
    }

    @Test("a (date, id) cursor key reads back; a tampered one is a 422; base64url round-trips")
    func dateKeyset() throws {
        let date = Date(timeIntervalSince1970: 1_790_000_000.25)
        let id = UUID()
        let read = try #require(try PageRequest(after: PageRequest.dateKey(date, id)).dateAndID())
        #expect(read.date == date)
        #expect(read.id == id)
        #expect(try PageRequest().dateAndID() == nil)
        for tampered in ["x|y", "1|2|3", "12.5", "12|not-a-uuid"] {
            #expect(throws: AppError.self) { try PageRequest(after: tampered).dateAndID() }
        }
        #expect(UUID.max.uuidString == "FFFFFFFF-FFFF-FFFF-FFFF-FFFFFFFFFFFF")
        let bytes = Data((0...255).map(UInt8.init))
        let text = Base64URL.encode(bytes)
        #expect(!text.contains("+") && !text.contains("/") && !text.contains("="))
        #expect(Base64URL.decode(text) == bytes)
        #expect(Base64URL.decode("a$b") == nil)
    }

    func internalApp(readiness: [ReadinessCheck], dependencies: [ReadinessCheck]) -> some ApplicationProtocol {
        Application(router: InternalServer.router(health: .init(readiness: readiness, dependencies: dependencies)))
    }

    @Test("readiness is 503 while a readiness check fails; liveness is 200; /health details every check")
    func health() async throws {
        let down = internalApp(readiness: [ReadinessCheck("database") { false }], dependencies: [])
        try await down.test(.router) { client in
            try await client.execute(uri: "/health/live", method: .get) { #expect($0.status == .ok) }
            try await client.execute(uri: "/health/ready", method: .get) { response in
                #expect(response.status == .serviceUnavailable)
                #expect(String(buffer: response.body).contains("database"))
            }
            try await client.execute(uri: "/health", method: .get) { response in
                #expect(response.status == .ok)
                #expect(String(buffer: response.body).contains(#""status":"down""#))
            }
            try await client.execute(uri: "/metrics", method: .get) { #expect($0.status == .ok) }
        }
    }

    @Test("a dependency that only delays work (broker) never fails readiness; /health says degraded")
    func degraded() async throws {
        let app = internalApp(
            readiness: [ReadinessCheck("database") { true }], dependencies: [ReadinessCheck("broker") { false }])
        try await app.test(.router) { client in
            try await client.execute(uri: "/health/ready", method: .get) { #expect($0.status == .ok) }
            try await client.execute(uri: "/health", method: .get) { response in
                let body = String(buffer: response.body)
                #expect(body.contains(#""status":"degraded""#))
                #expect(body.contains(#""broker":"down""#))
            }
        }
    }

    @Test("the public router serves neither health nor metrics")
    func noInternalRoutesInPublic() async throws {
        try await app().test(.router) { client in
            for uri in ["/health/live", "/health/ready", "/health", "/metrics"] {
                try await client.execute(uri: uri, method: .get) { #expect($0.status == .notFound, "\(uri)") }
            }
        }
    }

    @Test("cursor pagination walks every item once; a bad limit or cursor is a 422")
    func pagination() async throws {
        try await app().test(.router) { client in
            var seen: [String] = []
            var cursor: String?
            repeat {
                let uri = "/page" + (cursor.map { "?cursor=\($0)" } ?? "")
                let page = try await client.execute(uri: uri, method: .get) { response in
                    try JSONDecoder().decode(Page<String>.self, from: Data(buffer: response.body))
                }
                seen += page.items
                cursor = page.nextCursor
            } while cursor != nil
            #expect(seen == ["1", "2", "3", "4", "5"])
            try await client.execute(uri: "/page?limit=0", method: .get) { #expect($0.status == .unprocessableContent) }
            try await client.execute(uri: "/page?cursor=%%%", method: .get) {
                #expect($0.status == .unprocessableContent)
            }
        }
    }

    @Test("the router's routes are listed in OpenAPI path syntax")
    func routeListing() {
        let router = Router(context: ServiceRequestContext.self)
        router.get("/films/:id") { _, _ in "" }
        router.post("/api/:service/**") { _, _ in "" }
        #expect(OpenAPIDocument.operations(of: router) == ["GET /films/{id}", "POST /api/{service}/{path}"])
    }

    @Test("JSON logs redact secret-looking metadata")
    func redaction() throws {
        var line = JSONLine()
        line.object(["password": "hunter2", "Authorization": "Bearer x", "userId": "42"], redacting: true)
        let logged = try #require(try JSONSerialization.jsonObject(with: Data(line.bytes)) as? [String: String])
        #expect(logged["password"] == "[redacted]")
        #expect(logged["Authorization"] == "[redacted]")
        #expect(logged["userId"] == "42")
        #expect(JSONLogHandler.isSecret("X-CSRF-Token") && JSONLogHandler.isSecret("cardLast4"))
        #expect(!JSONLogHandler.isSecret("cat") && !JSONLogHandler.isSecret(""))
    }

    @Test("a log line: the event's metadata over the handler's, the fixed fields over both, keys sorted")
    func logLine() throws {
        var handler = JSONLogHandler(label: "svc", level: .info)
        handler.metadata = ["requestId": "r-1", "shared": "handler", "msg": "spoofed"]
        let event = LogEvent(
            level: .warning, message: "hello", metadata: ["shared": "event", "level": "spoofed", "apiToken": "t"],
            source: nil, file: #fileID, function: #function, line: #line)
        let bytes = handler.line(for: event)
        #expect(bytes.last == 0x0A)
        let text = String(decoding: bytes.dropLast(), as: UTF8.self)
        let logged = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: String])
        #expect(logged["shared"] == "event" && logged["requestId"] == "r-1")
        #expect(logged["msg"] == "hello" && logged["level"] == "warning" && logged["logger"] == "svc")
        #expect(logged["apiToken"] == "[redacted]")
        #expect(logged["ts"]?.hasSuffix("Z") == true)
        let keys = ["apiToken", "level", "logger", "msg", "requestId", "shared", "ts"]
        let positions = keys.map { text.range(of: "\"\($0)\":")?.lowerBound }
        #expect(positions.allSatisfy { $0 != nil } && positions == positions.sorted { $0! < $1! })
        #expect(Set(logged.keys) == Set(keys))
    }

    @Test("a JSON log line is valid JSON with sorted keys, escaped strings, nested values and redaction")
    func jsonLine() throws {
        var line = JSONLine()
        line.object(
            [
                "msg": "quote \" backslash \\ newline \n tab \t bell \u{07} é 🎬",
                "b": .array(["1", .dictionary(["z": "2", "a": "3"])]),
                "a": .stringConvertible(42), "sessionToken": "abc", "nested": .dictionary(["password": "kept"]),
            ], redacting: true)
        let text = String(decoding: line.bytes, as: UTF8.self)
        #expect(text.hasPrefix(#"{"a":"42","b":["1",{"a":"3","z":"2"}],"msg":"#), "\(text)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(line.bytes)) as? [String: Any])
        #expect(object["msg"] as? String == "quote \" backslash \\ newline \n tab \t bell \u{07} é 🎬")
        #expect(object["sessionToken"] as? String == "[redacted]")
        #expect(
            (object["nested"] as? [String: Any])?["password"] as? String == "kept", "only top-level keys are redacted")
        #expect(text.contains(#""msg":"quote \" backslash \\ newline \n tab \t bell \u0007 é 🎬""#), "\(text)")
        var edges = JSONLine()
        edges.object(["a": "\"starts and ends escaped\n", "b": ""], redacting: false)
        #expect(String(decoding: edges.bytes, as: UTF8.self) == #"{"a":"\"starts and ends escaped\n","b":""}"#)
    }

    @Test("log timestamps are RFC 3339 in UTC with milliseconds")
    func logTimestamp() {
        let date = Date(timeIntervalSince1970: 1_796_000_000.5071)
        #expect(JSONLogHandler.timestamp(date) == "2026-11-30T00:53:20.507Z")
        #expect(JSONLogHandler.timestamp(Date(timeIntervalSince1970: 0.004)) == "1970-01-01T00:00:00.004Z")
        let now = Date.now
        let expected = now.formatted(Date.ISO8601FormatStyle(includingFractionalSeconds: true, timeZone: .gmt))
        #expect(JSONLogHandler.timestamp(now).prefix(19) == expected.prefix(19))
    }
}
