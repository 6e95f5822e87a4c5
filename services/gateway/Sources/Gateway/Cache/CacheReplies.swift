import Foundation
import HTTPTypes
import Hummingbird
import NIOCore

/// Answers built from a cached or just-fetched body: 304 when the client's `If-None-Match`
/// names the entity tag, else 200; `X-Cache` says which (HIT, MISS).
enum CacheReplies {
    static let xCache = HTTPField.Name("X-Cache")!

    static func fromEntry(_ entry: CachedResponse, ifNoneMatch: String?) -> Response {
        var headers = HTTPFields()
        for (name, value) in entry.head.headers.sorted(by: { $0.key < $1.key }) {
            if let field = HTTPField.Name(name) { headers[field] = value }
        }
        headers[.age] = String(entry.age())
        headers[xCache] = "HIT"
        return reply(headers: headers, body: entry.body, ifNoneMatch: ifNoneMatch, etag: entry.etag)
    }

    static func fresh(_ upstreamHeaders: HTTPFields, body: [UInt8], ifNoneMatch: String?) -> Response {
        var headers = upstreamHeaders
        headers[xCache] = "MISS"
        return reply(headers: headers, body: body, ifNoneMatch: ifNoneMatch, etag: headers[.eTag])
    }

    private static func reply(headers: HTTPFields, body: [UInt8], ifNoneMatch: String?, etag: String?) -> Response {
        var headers = headers
        if CachePolicy.matches(ifNoneMatch: ifNoneMatch, etag: etag) {
            headers[.contentLength] = nil
            headers[.contentType] = nil
            return Response(status: .notModified, headers: headers)
        }
        headers[.contentLength] = String(body.count)
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: body)))
    }
}
