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

    /// The body for the upstream call, whether the call may be sent twice, and the stream to
    /// `release()` once the upstream has answered (nil for a buffered body).
    static func make(_ request: Request, limit: Int) async throws -> (
        HTTPClientRequest.Body?, replayable: Bool, stream: OnceStream?
    ) {
        guard request.method != .get, request.method != .head else { return (nil, true, nil) }
        let declared = request.headers[.contentLength].flatMap { Int($0) }
        if let declared, declared > limit { throw TooLarge(limit: limit) }
        if let declared, declared <= bufferLimit {
            let bytes = try await request.body.collect(upTo: max(declared, 1))
            return (.bytes(bytes), true, nil)
        }
        let stream = OnceStream(body: request.body, limit: limit)
        return (.stream(stream, length: declared.map { .known(Int64($0)) } ?? .unknown), false, stream)
    }
}

/// The client's request body as the upstream call's body, read once (Hummingbird's body can be
/// iterated once only: a second iteration traps) and counted against the limit.
///
/// An upstream may answer before it has read the whole upload (a refusal on the first bytes).
/// The HTTP client then goes on reading the client's body in the background, while Hummingbird,
/// once the handler returned, reads the rest of that same body to reach the next request: two
/// readers of one channel stream, which traps in NIO (it crashed the gateway). So the handler
/// calls `release()` after the answer: it waits for a read in progress to end and ends the
/// upload for the client; Hummingbird is then the only reader.
struct OnceStream: AsyncSequence, Sendable {
    typealias Element = ByteBuffer

    struct Consumed: Error {}

    /// `@unchecked Sendable`: the iterator is used by one task at a time — the one that set
    /// `reading` under the lock, until it clears it — and by no one once `released` is set.
    final class Shared: @unchecked Sendable {
        struct State {
            var taken = false
            var reading = false
            var released = false
            var ended = false
            var waiters: [CheckedContinuation<Void, Never>] = []
        }
        let state = Mutex(State())
        private var iterator: RequestBody.AsyncIterator

        init(_ body: RequestBody) { iterator = body.makeAsyncIterator() }

        /// The next chunk; nil when the upload is over (it ended, or was released).
        func read() async throws -> ByteBuffer? {
            let mayRead = state.withLock { state in
                guard !state.released, !state.ended else { return false }
                state.reading = true
                return true
            }
            guard mayRead else { return nil }
            do {
                let chunk = try await iterator.next()
                done(ended: chunk == nil)
                return chunk
            } catch {
                done(ended: true)
                throw error
            }
        }

        private func done(ended: Bool) {
            let waiters = state.withLock { state in
                state.reading = false
                state.ended = state.ended || ended
                defer { state.waiters = [] }
                return state.waiters
            }
            for waiter in waiters { waiter.resume() }
        }

        func release() async {
            await withCheckedContinuation { continuation in
                let idle = state.withLock { state in
                    state.released = true
                    if state.reading { state.waiters.append(continuation) }
                    return !state.reading
                }
                if idle { continuation.resume() }
            }
        }
    }

    let limit: Int
    let shared: Shared

    init(body: RequestBody, limit: Int) {
        self.limit = limit
        shared = Shared(body)
    }

    /// Ends the upload after the upstream's answer (see above); returns once nothing reads it.
    func release() async { await shared.release() }

    struct AsyncIterator: AsyncIteratorProtocol {
        let shared: Shared?
        var count = 0
        let limit: Int

        mutating func next() async throws -> ByteBuffer? {
            guard let shared else { throw Consumed() }
            let chunk = try await shared.read()
            count += chunk?.readableBytes ?? 0
            if count > limit { throw UpstreamBody.TooLarge(limit: limit) }
            return chunk
        }
    }

    func makeAsyncIterator() -> AsyncIterator {
        let first = shared.state.withLock { state in
            defer { state.taken = true }
            return !state.taken
        }
        return AsyncIterator(shared: first ? shared : nil, limit: limit)
    }
}
