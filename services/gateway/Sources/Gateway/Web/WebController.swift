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
        guard
            let reply = reply(
                to: path, acceptEncoding: request.headers[.acceptEncoding], ifNoneMatch: request.headers[.ifNoneMatch])
        else {
            throw AppError.notFound(files.isEmpty ? "The web app (not built: run `node web/build.mjs`)" : path)
        }
        return Response(
            status: reply.status, headers: reply.headers, body: reply.body.map { .init(byteBuffer: $0) } ?? .init())
    }

    /// What a `GET` of `path` gets from the web app (a file, or `index.html` for a client route), nil
    /// when the path is not the app's: reserved for the API, or a file name the build does not have.
    /// The one answer of both paths: this controller's route and the channel-level `WebFastPath`.
    func reply(to path: String, acceptEncoding: String?, ifNoneMatch: String?) -> WebReply? {
        if Self.isReserved(path) { return nil }
        if let file = files.file(at: path) {
            return reply(file, acceptEncoding: acceptEncoding, ifNoneMatch: ifNoneMatch)
        }
        let lastSegment = path.split(separator: "/").last ?? ""
        guard !lastSegment.contains("."), let index = files.file(at: "/index.html") else { return nil }
        return reply(index, acceptEncoding: acceptEncoding, ifNoneMatch: ifNoneMatch)
    }

    func reply(_ file: WebFiles.File, acceptEncoding: String?, ifNoneMatch: String?) -> WebReply {
        let (body, encoding, etag) = Self.choose(file, accepting: acceptEncoding ?? "")
        var headers: HTTPFields = [
            .contentType: file.contentType, .eTag: etag, .contentSecurityPolicy: policy,
            .cacheControl: file.immutable ? "public, max-age=31536000, immutable" : "no-cache",
        ]
        if file.gzip != nil || file.brotli != nil { headers[.vary] = "Accept-Encoding" }
        if let encoding { headers[.contentEncoding] = encoding }
        if let ifNoneMatch, ifNoneMatch.split(separator: ",").contains(where: { $0.trimmedOWS.elementsEqual(etag) }) {
            return WebReply(status: .notModified, headers: headers, body: nil)
        }
        headers[.contentLength] = String(body.readableBytes)
        return WebReply(status: .ok, headers: headers, body: body)
    }

    /// Brotli, then gzip, when the file has that sibling and `Accept-Encoding` does not refuse it;
    /// the body, its `Content-Encoding` and its ETag.
    static func choose(_ file: WebFiles.File, accepting header: String) -> (ByteBuffer, String?, String) {
        let accepted = AcceptEncoding(header)
        if let brotli = file.brotli, accepted.allows("br") { return (brotli, "br", file.brotliETag) }
        if let gzip = file.gzip, accepted.allows("gzip") { return (gzip, "gzip", file.gzipETag) }
        return (file.identity, nil, file.etag)
    }
}

/// The web app's answer to a `GET`: a 200 with the file, or a 304 without a body.
struct WebReply: Sendable {
    var status: HTTPResponse.Status
    var headers: HTTPFields
    var body: ByteBuffer?
}

/// `Accept-Encoding` (RFC 9110 §12.5.3): codings with `q=0` are refused, `*` stands for the rest.
/// Read per request, so without Foundation (its trimming and lowercasing showed in the profile).
struct AcceptEncoding {
    var weights: [(coding: Substring, q: Double)] = []

    init(_ header: String) {
        for item in header.split(separator: ",") {
            var parts = item.split(separator: ";").makeIterator()
            guard let name = parts.next()?.trimmedOWS, !name.isEmpty else { continue }
            var q = 1.0
            while let parameter = parts.next()?.trimmedOWS {
                if parameter.hasPrefix("q=") || parameter.hasPrefix("Q=") { q = Double(parameter.dropFirst(2)) ?? q }
            }
            weights.append((name, q))
        }
    }

    func allows(_ coding: String) -> Bool {
        let named = weights.first { $0.coding.utf8.elementsEqual(coding.utf8, by: Self.sameASCIILetter) }
        return ((named ?? weights.first { $0.coding == "*" })?.q ?? 0) > 0
    }

    /// Equal bytes, ASCII letters compared without their case (content codings are tokens).
    static func sameASCIILetter(_ a: UInt8, _ b: UInt8) -> Bool { a.asciiLowercased == b.asciiLowercased }
}

extension Substring {
    /// Without the optional white space (spaces, tabs) around it (RFC 9110 §5.6.3).
    var trimmedOWS: Substring {
        let isOWS = { (character: Character) in character == " " || character == "\t" }
        guard let first = firstIndex(where: { !isOWS($0) }), let last = lastIndex(where: { !isOWS($0) }) else {
            return ""
        }
        return self[first...last]
    }
}
