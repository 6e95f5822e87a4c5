import Hummingbird
import ServiceKit

/// `/docs`: an offline index of every service's OpenAPI document.
struct DocsController: Sendable {
    let services: [String]

    func addRoutes(to router: Router<ServiceRequestContext>) {
        let links = services.map { "<li><a href=\"/api/\($0)/openapi.json\">\($0)</a></li>" }.joined()
        let page = """
            <!doctype html><html lang="en"><head><meta charset="utf-8"><title>Homestudio API</title></head>
            <body><h1>Homestudio API</h1><p>OpenAPI 3.1 documents of each service (through the gateway):</p>
            <ul>\(links)<li><a href="/openapi.json">gateway</a></li></ul></body></html>
            """
        router.get("/docs") { _, _ in
            Response(
                status: .ok, headers: [.contentType: "text/html; charset=utf-8"],
                body: .init(byteBuffer: ByteBuffer(string: page)))
        }
    }
}
