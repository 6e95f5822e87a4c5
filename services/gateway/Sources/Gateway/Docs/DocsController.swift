import Foundation
import Hummingbird
import Logging
import ServiceKit

/// `/docs`: interactive API documentation that works offline — a static page (this target's
/// resources) that reads `/docs/catalogue.json`, then every service's OpenAPI document through
/// the gateway and the AsyncAPI event catalogue (`docs.asyncapi.path`).
struct DocsController: Sendable {
    let services: [String]
    let asyncAPIPath: String
    let logger: Logger

    static let assets: [String: String] = [
        "index.html": "text/html; charset=utf-8", "docs.js": "text/javascript; charset=utf-8",
        "docs.css": "text/css; charset=utf-8",
    ]

    func addRoutes(to router: Router<ServiceRequestContext>) {
        var files: [String: ByteBuffer] = [:]
        for name in Self.assets.keys {
            if let url = Bundle.module.url(forResource: name, withExtension: nil, subdirectory: "docs"),
                let data = try? Data(contentsOf: url)
            {
                files[name] = ByteBuffer(bytes: data)
            } else {
                logger.error("docs asset missing", metadata: ["file": "\(name)"])
            }
        }
        let page = files
        router.get("/docs") { _, _ in try Self.serve("index.html", from: page) }
        router.get("/docs/:file") { _, context in
            let file = try context.parameters.require("file")
            if file == "catalogue.json" { return try catalogue() }
            if file == "asyncapi.json" { return try asyncAPI() }
            return try Self.serve(file, from: page)
        }
    }

    static func serve(_ name: String, from files: [String: ByteBuffer]) throws -> Response {
        guard let body = files[name], let type = assets[name] else { throw AppError.notFound("Document \(name)") }
        return Response(
            status: .ok, headers: [.contentType: type, .cacheControl: "public, max-age=300"],
            body: .init(byteBuffer: body))
    }

    func catalogue() throws -> Response {
        let documents =
            services.map { ["name": $0, "url": "/api/\($0)/openapi.json", "base": "/api/\($0)"] }
            + [["name": "gateway", "url": "/openapi.json", "base": ""]]
        let body: [String: Any] = ["title": "Homestudio API", "openapi": documents, "asyncapi": "/docs/asyncapi.json"]
        let data = try JSONSerialization.data(withJSONObject: body, options: [.sortedKeys])
        return Response(
            status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }

    func asyncAPI() throws -> Response {
        guard let data = FileManager.default.contents(atPath: asyncAPIPath) else {
            throw AppError.notFound("The event catalogue (\(asyncAPIPath))")
        }
        return Response(
            status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }
}
