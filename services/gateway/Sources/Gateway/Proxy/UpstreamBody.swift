import AsyncHTTPClient
import Hummingbird
import NIOCore
import ServiceKit
import Synchronization

/// The request body on its way upstream.
///
/// Small bodies (a known length up to `bufferLimit`) are read first: a retry can send them
/// again. Larger or chunked bodies are streamed as they arrive (never held whole in memory) and
/// so cannot be retried. Either way more than `limit` bytes is refused (413).
enum UpstreamBody {
    static let bufferLimit = 64 * 1024

    /// More than `limit` bytes: 413 problem+json, whether the declared length or the streamed
    /// bytes tell.
    struct TooLarge: Error, HTTPResponseError {
        let limit: Int

        var status: HTTPResponse.Status { .contentTooLarge }

        func response(from request: Request, context: some RequestContext) throws -> Response {
            try AppError(status, code: "body-too-large", "The body exceeds \(limit) bytes")
                .response(from: request, context: context)
        }
    }

    /// The body for the upstream call, and whether the call may be sent twice.
    static func make(_ request: Request, limit: Int) async throws -> (HTTPClientRequest.Body?, replayable: Bool) {
        guard request.method != .get, request.method != .head else { return (nil, true) }
        let declared = request.headers[.contentLength].flatMap { Int($0) }
        if let declared, declared > limit { throw TooLarge(limit: limit) }
        if let declared, declared <= bufferLimit {
            let bytes = try await request.body.collect(upTo: max(declared, 1))
            return (.bytes(bytes), true)
        }
        let stream = OnceStream(body: request.body, limit: limit)
        return (.stream(stream, length: declared.map { .known(Int64($0)) } ?? .unknown), false)
    }
}

/// Hummingbird's request body can be iterated once only (a second iteration traps); this
/// wrapper turns a second iteration into an error and counts bytes against the limit.
struct OnceStream: AsyncSequence, Sendable {
    typealias Element = ByteBuffer

    final class Claim: Sendable {
        let taken = Atomic<Bool>(false)
    }

    struct Consumed: Error {}

    let body: RequestBody
    let limit: Int
    let claim = Claim()

    struct AsyncIterator: AsyncIteratorProtocol {
        var inner: RequestBody.AsyncIterator?
        var count = 0
        let limit: Int

        mutating func next() async throws -> ByteBuffer? {
            guard inner != nil else { throw Consumed() }
            guard let chunk = try await inner?.next() else { return nil }
            count += chunk.readableBytes
            if count > limit { throw UpstreamBody.TooLarge(limit: limit) }
            return chunk
        }
    }

    func makeAsyncIterator() -> AsyncIterator {
        let first = !claim.taken.exchange(true, ordering: .relaxed)
        return AsyncIterator(inner: first ? body.makeAsyncIterator() : nil, limit: limit)
    }
}
