import Foundation

/// A compact way to write a service's OpenAPI 3.1 document next to its controllers.
/// Schemas are JSON Schema objects written as `JSONValue`; errors reference the shared Problem.
public struct OpenAPIBuilder {
    var title: String
    var description: String
    var paths: [String: [String: JSONValue]] = [:]
    var schemas: [String: JSONValue] = ["Problem": OpenAPIBuilder.problemSchema]

    /// Starts a document that already lists `/openapi.json`. Health and metrics are served on the
    /// internal port (`http.internal.port`), not on the public API this document describes.
    public init(title: String, description: String) {
        self.title = title
        self.description =
            description + "\n\nHealth (`/health/live`, `/health/ready`, `/health`) and Prometheus `/metrics` are"
            + " served on the internal port (`http.internal.port`, 9090 in containers), never through the gateway."
        operation("GET", "/openapi.json", "This OpenAPI document", responses: [200: nil])
    }

    /// Adds one operation. `secured` operations need a bearer token; `body` is the request schema,
    /// sent as each of `bodyTypes` (JSON unless told: e.g. raw image bytes as `image/png`).
    public mutating func operation(
        _ method: String, _ path: String, _ summary: String, secured: Bool = false, body: JSONValue? = nil,
        bodyTypes: [String] = ["application/json"], responses: [Int: JSONValue?] = [200: nil],
        parameters: [JSONValue] = []
    ) {
        var operation: [String: JSONValue] = [
            "summary": .string(summary), "operationId": .string(Self.operationID(method, path)),
        ]
        let allParameters = Self.pathParameters(path) + parameters
        if secured { operation["security"] = [["bearerAuth": []]] }
        if var body {
            // PATCH is a partial update: whatever the body leaves out stays as it was.
            if method.uppercased() == "PATCH", case .object(var schema) = body, schema["required"] != nil {
                schema["required"] = []
                body = .object(schema)
            }
            let content = Dictionary(bodyTypes.map { ($0, ["schema": body] as JSONValue) }) { first, _ in first }
            operation["requestBody"] = ["required": true, "content": .object(content)]
        }
        var rendered: [String: JSONValue] = [:]
        let exports = Self.exportTypes(allParameters)
        for (status, schema) in responses {
            rendered[String(status)] = Self.response(status, schema, alsoAs: status < 300 ? exports : [])
        }
        for status in secured ? [401, 403] : [] where rendered[String(status)] == nil {
            rendered[String(status)] = Self.response(status, nil)
        }
        // What any input can earn: a malformed value (400: a path id that is no UUID, a body that
        // is not JSON), a well-formed but invalid one (422), a body over the limit (413).
        let inputStatuses = (allParameters.isEmpty && body == nil ? [] : [400, 422]) + (body == nil ? [] : [413])
        for status in inputStatuses where rendered[String(status)] == nil {
            rendered[String(status)] = Self.response(status, nil)
        }
        operation["responses"] = .object(rendered)
        if !allParameters.isEmpty { operation["parameters"] = .array(allParameters) }
        paths[path, default: [:]][method.lowercased()] = .object(operation)
    }

    public mutating func schema(_ name: String, _ schema: JSONValue) { schemas[name] = schema }

    public func json() -> String {
        let document: JSONValue = [
            "openapi": "3.1.0",
            "info": [
                "title": .string(title), "version": .string(BuildInfo.version), "description": .string(description),
            ],
            "paths": .object(paths.mapValues { .object($0) }),
            "components": [
                "schemas": .object(schemas),
                "securitySchemes": ["bearerAuth": ["type": "http", "scheme": "bearer", "bearerFormat": "JWT"]],
            ],
        ]
        return document.rendered()
    }

    public var document: OpenAPIDocument { OpenAPIDocument(json: json()) }

    // MARK: Helpers for schemas

    public static func ref(_ name: String) -> JSONValue { ["$ref": .string("#/components/schemas/\(name)")] }

    /// An object whose properties are all `required` unless listed, or `optional` ones: those a
    /// response leaves out when they have no value (Swift's `JSONEncoder` omits a nil optional).
    public static func object(
        _ properties: [String: JSONValue], required: [String]? = nil, optional: Set<String> = []
    ) -> JSONValue {
        [
            "type": "object", "properties": .object(properties),
            "required": .array(
                (required ?? properties.keys.sorted()).filter { !optional.contains($0) }.map(JSONValue.string)),
        ]
    }

    public static func page(of item: JSONValue) -> JSONValue {
        object(
            ["items": ["type": "array", "items": item], "nextCursor": ["type": ["string", "null"]]], required: ["items"]
        )
    }

    public static let string: JSONValue = ["type": "string"]
    public static let uuid: JSONValue = ["type": "string", "format": "uuid"]
    public static let dateTime: JSONValue = ["type": "string", "format": "date-time"]
    public static let integer: JSONValue = ["type": "integer"]
    public static let number: JSONValue = ["type": "number"]
    public static let boolean: JSONValue = ["type": "boolean"]
    public static func array(_ item: JSONValue) -> JSONValue { ["type": "array", "items": item] }
    public static func enumeration(_ values: [String]) -> JSONValue {
        ["type": "string", "enum": .array(values.map(JSONValue.string))]
    }

    public static let paginationParameters: [JSONValue] = [
        ["name": "limit", "in": "query", "schema": ["type": "integer", "minimum": 1, "maximum": 100]],
        ["name": "cursor", "in": "query", "schema": ["type": "string"]],
    ]

    static let problemSchema: JSONValue = object(
        [
            "type": string, "title": string, "status": integer, "detail": string, "code": string,
            "errors": array(object(["field": string, "message": string])),
        ], required: ["type", "title", "status"])

    static func response(_ status: Int, _ schema: JSONValue?, alsoAs exports: [String] = []) -> JSONValue {
        let description: JSONValue = .string(HTTPStatusText.text(status))
        if status >= 400 {
            return ["description": description, "content": ["application/problem+json": ["schema": ref("Problem")]]]
        }
        guard let schema else { return ["description": description] }
        var content: [String: JSONValue] = ["application/json": ["schema": schema]]
        for type in exports { content[type] = ["schema": ["type": "string"]] }
        return ["description": description, "content": .object(content)]
    }

    /// The other media types a `format` query parameter selects (a report as `csv` or `pdf`).
    static func exportTypes(_ parameters: [JSONValue]) -> [String] {
        let types = ["csv": "text/csv", "pdf": "application/pdf"]
        for case .object(let parameter) in parameters
        where parameter["name"] == "format" && parameter["in"] == "query" {
            guard case .object(let schema)? = parameter["schema"], case .array(let values)? = schema["enum"] else {
                continue
            }
            return values.compactMap { value in
                guard case .string(let name) = value else { return nil }
                return types[name]
            }
        }
        return []
    }

    static func pathParameters(_ path: String) -> [JSONValue] {
        path.split(separator: "/").filter { $0.hasPrefix("{") }.map { part in
            ["name": .string(String(part.dropFirst().dropLast())), "in": "path", "required": true, "schema": string]
        }
    }

    static func operationID(_ method: String, _ path: String) -> String {
        let words = path.split(whereSeparator: { "/{}.-".contains($0) }).map {
            $0.prefix(1).uppercased() + $0.dropFirst()
        }
        return method.lowercased() + words.joined()
    }
}

enum HTTPStatusText {
    static func text(_ status: Int) -> String {
        switch status {
        case 200: "OK"
        case 201: "Created"
        case 202: "Accepted"
        case 204: "No Content"
        case 304: "Not Modified"
        case 400: "Bad Request"
        case 401: "Unauthorized"
        case 403: "Forbidden"
        case 404: "Not Found"
        case 409: "Conflict"
        case 413: "Content Too Large"
        case 415: "Unsupported Media Type"
        case 422: "Unprocessable Content"
        case 429: "Too Many Requests"
        case 502: "Bad Gateway"
        case 503: "Service Unavailable"
        case 504: "Gateway Timeout"
        default: "Status \(status)"
        }
    }
}

extension OpenAPIDocument {
    /// This document with the paths and schemas of `other` added (operations every service of a
    /// kind serves, such as the parked-message routes of every consumer).
    public func adding(_ other: OpenAPIBuilder) -> OpenAPIDocument {
        let decoder = JSONDecoder()
        guard case .object(var root)? = try? decoder.decode(JSONValue.self, from: Data(json.utf8)),
            case .object(let extra)? = try? decoder.decode(JSONValue.self, from: Data(other.json().utf8))
        else { return self }
        for section in ["paths"] {
            guard case .object(var mine)? = root[section], case .object(let theirs)? = extra[section] else { continue }
            for (path, item) in theirs where path != "/openapi.json" { mine[path] = item }
            root[section] = .object(mine)
        }
        if case .object(var components)? = root["components"], case .object(var schemas)? = components["schemas"],
            case .object(let theirComponents)? = extra["components"],
            case .object(let theirSchemas)? = theirComponents["schemas"]
        {
            schemas.merge(theirSchemas) { mine, _ in mine }
            components["schemas"] = .object(schemas)
            root["components"] = .object(components)
        }
        return OpenAPIDocument(json: JSONValue.object(root).rendered())
    }
}
