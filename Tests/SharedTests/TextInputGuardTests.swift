import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import PostgresNIO
import ServiceKit
import TestSupport
import Testing

/// PostgreSQL cannot store U+0000 in text (SQLSTATE 22021): every service refuses it at the door
/// with a 422 naming the field, and any other data exception from the database is a 4xx too.
@Suite("Text input guard")
struct TextInputGuardTests {
    struct Echo: Codable {
        var email: String
        var seats: [Seat]?
        struct Seat: Codable { var label: String }
    }

    func app() -> some ApplicationProtocol {
        let router = ServiceRouter.make(openAPI: OpenAPIDocument(json: #"{"openapi":"3.1.0","paths":{}}"#))
        router.post("/echo") { request, context in try await request.decode(as: Echo.self, context: context).email }
        router.get("/search") { request, _ in request.uri.queryParameters["q"].map(String.init) ?? "" }
        router.get("/films/:slug") { _, context in try context.parameters.require("slug") }
        router.get("/division") { _, _ -> String in
            try await Infra.withDatabase { client in
                _ = try await client.query("SELECT 1 / 0", logger: Infra.logger)
                return "unreachable"
            }
        }
        return Application(router: router)
    }

    func fields(_ response: TestResponse) throws -> [String] {
        #expect(response.status == .unprocessableContent)
        #expect(response.headers[.contentType] == Problem.mediaType)
        let problem = try JSONDecoder().decode(Problem.self, from: Data(buffer: response.body))
        return problem.errors?.map(\.field) ?? []
    }

    @Test("a NUL in a JSON string, a nested one, a key, a query parameter or the path is a 422 naming it")
    func refusesNUL() async throws {
        try await app().test(.router) { client in
            let json: HTTPFields = [.contentType: "application/json"]
            let cases: [(String, [String])] = [
                (#"{"email":"a\u0000b@example.com"}"#, ["email"]),
                (#"{"email":"ok@example.com","seats":[{"label":"A1"},{"label":"\u0000"}]}"#, ["seats[1].label"]),
                (#"{"email":"ok@example.com","x\u0000":1}"#, [#"x\u0000"#]),
            ]
            for (body, expected) in cases {
                let response = try await client.execute(
                    uri: "/echo", method: .post, headers: json, body: ByteBuffer(string: body))
                #expect(try fields(response) == expected, "\(body)")
            }
            #expect(try fields(try await client.execute(uri: "/search?q=a%00b", method: .get)) == ["q"])
            #expect(try fields(try await client.execute(uri: "/films/a%00b", method: .get)) == ["path"])
        }
    }

    @Test("ordinary input passes untouched, the body still readable by the handler")
    func passesOrdinaryInput() async throws {
        try await app().test(.router) { client in
            let body = ByteBuffer(string: #"{"email":"\\u0000 is only text here","seats":[]}"#)
            try await client.execute(
                uri: "/echo", method: .post, headers: [.contentType: "application/json"], body: body
            ) { response in
                #expect(response.status == .ok)
                #expect(String(buffer: response.body) == #"\u0000 is only text here"#)
            }
            try await client.execute(uri: "/search?q=caf%C3%A9", method: .get) {
                #expect(String(buffer: $0.body) == "café")
            }
            try await client.execute(uri: "/search?q=Dolby+Atmos", method: .get) {
                #expect(String(buffer: $0.body) == "Dolby Atmos", "+ is a space in a form-encoded query")
            }
            try await client.execute(uri: "/search?q=C%2B%2B", method: .get) {
                #expect(String(buffer: $0.body) == "C++", "an encoded plus stays a plus")
            }
        }
    }

    @Test(
        "a data exception from PostgreSQL (SQLSTATE class 22) is a 422 problem, not a 500",
        .enabled(if: TestEnvironment.isAvailable))
    func dataExceptionIsClientError() async throws {
        try await app().test(.router) { client in
            try await client.execute(uri: "/division", method: .get) { response in
                #expect(response.status == .unprocessableContent)
                let problem = try JSONDecoder().decode(Problem.self, from: Data(buffer: response.body))
                #expect(problem.code == "invalid-value")
            }
        }
    }
}
