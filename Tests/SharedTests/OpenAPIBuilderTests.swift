import Foundation
import ServiceKit
import Testing

/// The document says what the services answer: the statuses any input can earn, the fields a
/// response may leave out, the media types a `format` parameter selects.
@Suite("OpenAPI builder")
struct OpenAPIBuilderTests {
    typealias B = OpenAPIBuilder

    func operation(_ document: OpenAPIDocument, _ path: String, _ method: String) throws -> [String: Any] {
        let root = try #require(try JSONSerialization.jsonObject(with: Data(document.json.utf8)) as? [String: Any])
        let paths = try #require(root["paths"] as? [String: [String: Any]])
        return try #require(paths[path]?[method] as? [String: Any])
    }

    func statuses(_ operation: [String: Any]) -> Set<String> {
        Set((operation["responses"] as? [String: Any] ?? [:]).keys)
    }

    @Test("input earns 400 and 422 (a body also 413); an operation without input does not")
    func inputStatuses() throws {
        var api = B(title: "t", description: "d")
        api.operation("GET", "/things", "all", responses: [200: nil])
        api.operation("GET", "/things/{id}", "one", responses: [200: nil, 404: nil])
        api.operation("GET", "/search", "query", parameters: [["name": "q", "in": "query", "schema": B.string]])
        api.operation("POST", "/things", "add", secured: true, body: B.object(["name": B.string]))
        let document = api.document
        #expect(statuses(try operation(document, "/things", "get")) == ["200"])
        #expect(statuses(try operation(document, "/things/{id}", "get")) == ["200", "400", "404", "422"])
        #expect(statuses(try operation(document, "/search", "get")) == ["200", "400", "422"])
        #expect(statuses(try operation(document, "/things", "post")) == ["200", "400", "401", "403", "413", "422"])
    }

    @Test("a PATCH body requires nothing: what it leaves out stays as it was")
    func patchBodies() throws {
        var api = B(title: "t", description: "d")
        let fields = B.object(["name": B.string, "rank": B.integer])
        api.operation("PATCH", "/things/{id}", "edit", body: fields)
        api.operation("POST", "/things", "add", body: fields)
        func required(_ method: String, _ path: String) throws -> [String]? {
            let body = try operation(api.document, path, method)["requestBody"] as? [String: Any]
            let content = body?["content"] as? [String: [String: Any]]
            return (content?["application/json"]?["schema"] as? [String: Any])?["required"] as? [String]
        }
        #expect(try required("patch", "/things/{id}") == [])
        #expect(try required("post", "/things") == ["name", "rank"])
    }

    @Test("optional properties are left out of required; an explicit list is kept")
    func optionalProperties() throws {
        let schema = B.object(["id": B.uuid, "note": B.string, "seen": B.dateTime], optional: ["note"])
        #expect(
            schema == [
                "type": "object", "properties": ["id": B.uuid, "note": B.string, "seen": B.dateTime],
                "required": ["id", "seen"],
            ])
        let explicit = B.object(["a": B.string, "b": B.string], required: ["a"], optional: ["b"])
        #expect(explicit == ["type": "object", "properties": ["a": B.string, "b": B.string], "required": ["a"]])
    }

    @Test("a format parameter offering csv and pdf documents text/csv and application/pdf next to JSON")
    func exportTypes() throws {
        var api = B(title: "t", description: "d")
        let format: JSONValue = ["name": "format", "in": "query", "schema": B.enumeration(["json", "csv", "pdf"])]
        api.operation("GET", "/report", "r", responses: [200: B.object(["rows": B.integer])], parameters: [format])
        api.operation("GET", "/plain", "p", responses: [200: B.object(["rows": B.integer])])
        let document = api.document
        let report = try #require(
            (try operation(document, "/report", "get")["responses"] as? [String: Any])?["200"] as? [String: Any])
        #expect(
            Set((report["content"] as? [String: Any] ?? [:]).keys) == [
                "application/json", "text/csv", "application/pdf",
            ])
        let plain = try #require(
            (try operation(document, "/plain", "get")["responses"] as? [String: Any])?["200"] as? [String: Any])
        #expect(Set((plain["content"] as? [String: Any] ?? [:]).keys) == ["application/json"])
    }
}
