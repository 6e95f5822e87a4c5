import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import ServiceKit

/// `/` and every path the other routes do not take: the web app. A file of the build is served
/// with its cache rule (content-hashed assets for a year, immutable; everything else `no-cache`,
/// revalidated by ETag), precompressed Brotli or gzip when the client accepts it; any other path
/// without a file extension is a client route and gets `index.html`. Paths under `/api`, `/docs`
/// and `/.well-known` never fall back to the app: they are the API's 404s.
struct WebController: Sendable {
    let files: WebFiles
    let policy: String

    /// - Parameter imageSources: origins film images come from (`web.img.sources`), besides 'self'.
    init(files: WebFiles, imageSources: [String]) {
        self.files = files
        policy =
            "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: blob: "
            + imageSources.joined(separator: " ")
            + "; connect-src 'self'; worker-src 'self'; manifest-src 'self'; object-src 'none'; base-uri 'self'; "
            + "form-action 'self'; frame-ancestors 'none'"
    }

    func addRoutes(to router: Router<ServiceRequestContext>) {
        router.get("/") { request, _ in try serve(request) }
        router.get("/**") { request, _ in try serve(request) }
    }

    /// The API's own paths (and the internal port's), which are never client routes.
    static let reserved = ["/api", "/docs", "/.well-known", "/health", "/metrics"]

    static func isReserved(_ path: String) -> Bool {
        reserved.contains { path == $0 || path.hasPrefix($0 + "/") }
    }

    func serve(_ request: Request) throws -> Response {
        let path = request.uri.path
        if Self.isReserved(path) { throw AppError.notFound("\(path)") }
        if let file = files.file(at: path) { return respond(file, to: request) }
        let lastSegment = path.split(separator: "/").last ?? ""
        guard !lastSegment.contains("."), let index = files.file(at: "/index.html") else {
            throw AppError.notFound(files.isEmpty ? "The web app (not built: run `node web/build.mjs`)" : path)
        }
        return respond(index, to: request)
    }

    func respond(_ file: WebFiles.File, to request: Request) -> Response {
        let (body, encoding) = Self.choose(file, accepting: request.headers[.acceptEncoding] ?? "")
        let etag = encoding.map { String(file.etag.dropLast()) + "-\($0)\"" } ?? file.etag
        var headers: HTTPFields = [
            .contentType: file.contentType, .eTag: etag, .contentSecurityPolicy: policy,
            .cacheControl: file.immutable ? "public, max-age=31536000, immutable" : "no-cache",
        ]
        if file.gzip != nil || file.brotli != nil { headers[.vary] = "Accept-Encoding" }
        if let encoding { headers[.contentEncoding] = encoding }
        if let seen = request.headers[.ifNoneMatch], seen.split(separator: ",").contains(where: { $0.trimmed == etag })
        {
            return Response(status: .notModified, headers: headers)
        }
        headers[.contentLength] = "\(body.readableBytes)"
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: body))
    }

    /// Brotli, then gzip, when the file has that sibling and `Accept-Encoding` does not refuse it.
    static func choose(_ file: WebFiles.File, accepting header: String) -> (ByteBuffer, String?) {
        let accepted = AcceptEncoding(header)
        if let brotli = file.brotli, accepted.allows("br") { return (brotli, "br") }
        if let gzip = file.gzip, accepted.allows("gzip") { return (gzip, "gzip") }
        return (file.identity, nil)
    }
}

/// `Accept-Encoding` (RFC 9110 §12.5.3): codings with `q=0` are refused, `*` stands for the rest.
struct AcceptEncoding {
    var weights: [String: Double] = [:]

    init(_ header: String) {
        for item in header.split(separator: ",") {
            let parts = item.split(separator: ";").map { $0.trimmed.lowercased() }
            guard let name = parts.first, !name.isEmpty else { continue }
            let q = parts.dropFirst().first { $0.hasPrefix("q=") }.flatMap { Double($0.dropFirst(2)) } ?? 1
            weights[name] = q
        }
    }

    func allows(_ coding: String) -> Bool { (weights[coding] ?? weights["*"] ?? 0) > 0 }
}

extension Substring {
    fileprivate var trimmed: String { String(self).trimmingCharacters(in: .whitespaces) }
}
extension String {
    fileprivate var trimmed: String { trimmingCharacters(in: .whitespaces) }
}
