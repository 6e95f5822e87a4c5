import Crypto
import Foundation
import HTTPTypes
import Hummingbird
import ServiceKit

/// Public GET responses carry a strong ETag (a hash of the body) and `Cache-Control`, and answer
/// `304 Not Modified` to a matching `If-None-Match`, so that clients and the gateway can cache them.
/// Responses that depend on who asks (staff views of drafts) are `private, no-store`.
enum HTTPCaching {
    static func respond(_ value: some Encodable, to request: Request, maxAge: Int, shared: Bool = true) throws
        -> Response
    {
        respond(json: try JSONBody.encoder.encode(value), to: request, maxAge: maxAge, shared: shared)
    }

    /// The same for a body already written as JSON (`JSONText`).
    static func respond(json body: some DataProtocol, to request: Request, maxAge: Int, shared: Bool = true)
        -> Response
    {
        let digest = Hex.encode(SHA256.hash(data: body).prefix(16))
        let etag = "\"\(digest)\""
        var headers: HTTPFields = [
            .eTag: etag, .cacheControl: shared ? "public, max-age=\(maxAge)" : "private, no-store",
            .vary: "Authorization",
        ]
        if shared, let match = request.headers[.ifNoneMatch],
            match.split(separator: ",").map({ $0.trimmingCharacters(in: .whitespaces) }).contains(where: {
                $0 == etag || $0 == "W/\(etag)" || $0 == "*"
            })
        {
            return Response(status: .notModified, headers: headers)
        }
        headers[.contentType] = "application/json"
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: body)))
    }
}
