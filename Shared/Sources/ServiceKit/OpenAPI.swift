import Foundation
import Hummingbird

/// A service's OpenAPI 3.1 document, served at `/openapi.json`.
/// The document is written by hand next to the controllers; a test compares its paths with the
/// router's routes so that neither can drift from the other.
public struct OpenAPIDocument: Sendable {
    public let json: String

    public init(json: String) { self.json = json }

    public func addRoute(to router: Router<some RequestContext>) {
        let body = ByteBuffer(string: json)
        router.get("/openapi.json") { _, _ in
            Response(status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: body))
        }
    }

    /// `METHOD /path/{param}` of every operation in the document.
    public func operations() throws -> Set<String> {
        guard let root = try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any],
            let paths = root["paths"] as? [String: [String: Any]]
        else { return [] }
        let methods: Set<String> = ["get", "put", "post", "delete", "patch"]
        return Set(
            paths.flatMap { path, item in
                item.keys.filter(methods.contains).map { "\($0.uppercased()) \(path)" }
            })
    }

    /// `METHOD /path/{param}` of every route of a router, in OpenAPI's path syntax.
    public static func operations(of router: Router<some RequestContext>) -> Set<String> {
        Set(
            router.routes.map { route in
                let path = route.path.description.split(separator: "/").map { part in
                    part == "**" ? "{path}" : part.hasPrefix(":") ? "{\(part.dropFirst())}" : String(part)
                }
                return "\(route.method.rawValue) /\(path.joined(separator: "/"))"
            })
    }
}
