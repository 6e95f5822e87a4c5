import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import NIOPosix
import Persistence
import ServiceKit
import Synchronization

/// Poster and backdrop upload (films:write) and the public serving of their variants.
///
/// `PUT /films/{id}/images/{kind}`: the body is the image itself, streamed to a work file (never
/// held in memory), refused past `maxBytes` (413) and, from its first bytes, unless it is the
/// JPEG, PNG or WebP its `Content-Type` declares (415, 422); then resized and stripped by
/// `ImageProcessor`, its variants stored by content (`ImageStore`) and recorded on the film, which
/// answers with its new `images`. For a film imported from TMDB the field counts as a hand edit:
/// a re-sync keeps the upload, unless it overwrites.
///
/// `GET /images/{name}`: a variant, `public, max-age=31536000, immutable` (a name is its bytes).
struct ImageController: Sendable {
    let films: FilmRepository
    let store: any ImageStore
    let processor: ImageProcessor
    let maxBytes: Int
    let images: ImageLinks
    private let fileIO = FileIO()

    init(films: FilmRepository, store: any ImageStore, processor: ImageProcessor, maxBytes: Int, images: ImageLinks) {
        self.films = films
        self.store = store
        self.processor = processor
        self.maxBytes = maxBytes
        self.images = images
    }

    static let cacheControl = "public, max-age=31536000, immutable"

    func addRoutes(to router: Router<ServiceRequestContext>) {
        router.put("/films/:id/images/:kind", use: upload)
        router.get("/images/:name", use: serve)
    }

    func upload(_ request: Request, context: ServiceRequestContext) async throws -> Film {
        _ = try context.require("films:write")
        let id = try context.parameters.require("id", as: UUID.self)
        guard let kind = ImageKind(rawValue: try context.parameters.require("kind")) else {
            throw AppError.invalid("kind", "must be poster or backdrop")
        }
        guard let declared = ImageFormat.declared(request.headers[.contentType]) else {
            throw AppError(
                .unsupportedMediaType, code: "unsupported-media-type",
                "Send the image itself as the body, with Content-Type image/jpeg, image/png or image/webp")
        }
        if let length = request.headers[.contentLength].flatMap({ Int($0) }), length > maxBytes {
            throw Self.tooLarge(maxBytes)
        }
        guard try await films.find(id) != nil else { throw AppError.notFound("Film") }
        let work = "\(store.workDirectory)/\(UUID().uuidString)"
        try await NIOThreadPool.singleton.runIfActive {
            try FileManager.default.createDirectory(atPath: work, withIntermediateDirectories: true)
        }
        do {
            let uploaded = try await receive(request, declared: declared, kind: kind, work: work, context: context)
            await Self.remove(work)
            let film = try await record(uploaded, kind: kind, film: id, context: context)
            context.logger.info(
                "film image uploaded",
                metadata: [
                    "filmId": "\(id)", "kind": "\(kind.rawValue)", "variants": "\(uploaded.variants.count)",
                ])
            return film
        } catch {
            await Self.remove(work)
            throw error
        }
    }

    /// Streams the body to `work/upload` through the checks, then makes and stores the variants.
    private func receive(
        _ request: Request, declared: ImageFormat, kind: ImageKind, work: String, context: ServiceRequestContext
    ) async throws -> Film.UploadedImage {
        let source = "\(work)/upload"
        let checked = CheckedUpload(base: request.body, limit: maxBytes, declared: declared)
        do {
            try await fileIO.writeFile(contents: checked, path: source, context: context)
        } catch {
            // The file system wraps what the body threw in an error of its own: answer the check's.
            if let refusal = checked.refusal.withLock({ $0 }) { throw refusal }
            throw error
        }
        let result = try await processor.process(source, kind: kind, in: work)
        var variants: [Film.UploadedImage.Variant] = []
        for variant in result.variants {
            try await store.put(fileAt: variant.path, name: variant.name, contentType: variant.format.mediaType)
            variants.append(
                .init(name: variant.name, width: variant.width, format: variant.format, bytes: variant.bytes))
        }
        return Film.UploadedImage(width: result.width, height: result.height, variants: variants, uploadedAt: .now)
    }

    /// Records the image on the film in one transaction with its `catalog.film.updated` event.
    private func record(_ image: Film.UploadedImage, kind: ImageKind, film id: UUID, context: ServiceRequestContext)
        async throws -> Film
    {
        let json = String(decoding: try JSONBody.encoder.encode(image), as: UTF8.self)
        let film = try await films.client.transaction(logger: context.logger) { connection in
            guard var film = try await films.lock(id, on: connection) else { throw AppError.notFound("Film") }
            if film.tmdbId != nil {
                film.localEdits = Array(Set(film.localEdits).union([kind.editedField])).sorted()
            }
            try await films.save(film, on: connection)
            try await connection.query(
                """
                UPDATE films SET uploaded_images = uploaded_images || jsonb_build_object(\(kind.rawValue)::text,
                    \(json)::jsonb)
                WHERE id = \(id)
                """, logger: context.logger)
            return film
        }
        return images.decorate(try await films.find(id) ?? film)
    }

    func serve(_ request: Request, context: ServiceRequestContext) async throws -> Response {
        let name = try context.parameters.require("name")
        guard let parsed = ImageName.parse(name), let stored = try await store.read(name, context: context) else {
            throw AppError.notFound("Image")
        }
        let etag = "\"\(parsed.sha256)\""
        var headers: HTTPFields = [.eTag: etag, .cacheControl: Self.cacheControl]
        if let match = request.headers[.ifNoneMatch],
            match.split(separator: ",").map({ $0.trimmingCharacters(in: .whitespaces) }).contains(where: {
                $0 == etag || $0 == "W/\(etag)" || $0 == "*"
            })
        {
            return Response(status: .notModified, headers: headers)
        }
        headers[.contentType] = parsed.format.mediaType
        headers[.contentLength] = String(stored.length)
        return Response(status: .ok, headers: headers, body: stored.body)
    }

    static func tooLarge(_ limit: Int) -> AppError {
        AppError(
            .contentTooLarge, code: "image-too-large",
            "The image is larger than \(limit) bytes (catalog.images.max.bytes)")
    }

    /// The body's first bytes against the declared type: a different image type is a mismatch
    /// (422), anything else is not an image we take (415). Each problem names what the bytes are.
    static func verify(_ head: [UInt8], declared: ImageFormat) throws {
        switch ImageFormat.sniff(head) {
        case .image(let actual) where actual == declared:
            return
        case .image(let actual):
            throw AppError(
                .unprocessableContent, code: "image-type-mismatch",
                "The body is a \(actual.mediaType) image, but its Content-Type says \(declared.mediaType)")
        case .other(let what):
            throw AppError(
                .unsupportedMediaType, code: "unsupported-image-type",
                "The body is \(what), not a JPEG, PNG or WebP image (told by its first bytes)")
        }
    }

    private static func remove(_ directory: String) async {
        try? await NIOThreadPool.singleton.runIfActive {
            try FileManager.default.removeItem(atPath: directory)
        }
    }
}

/// The request body as it streams to disk: refused past `limit` bytes (413) and, once its first
/// bytes are in, unless they are the declared image type (`ImageController.verify`): nothing
/// more is written, but the rest of the body (up to `limit`) is read and dropped before the
/// refusal, so that the answer never comes before the end of the request (a proxy streaming the
/// body, the gateway included, need not handle an early answer). The refusal it threw is also
/// kept in `refusal`, for the caller to answer with.
struct CheckedUpload<Base: AsyncSequence & Sendable>: AsyncSequence, Sendable where Base.Element == ByteBuffer {
    typealias Element = ByteBuffer
    let base: Base
    let limit: Int
    let declared: ImageFormat
    let refusal = Refusal()

    final class Refusal: Sendable {
        private let error = Mutex<AppError?>(nil)
        func withLock<T>(_ body: (inout AppError?) -> T) -> T { error.withLock { body(&$0) } }
    }

    struct AsyncIterator: AsyncIteratorProtocol {
        var base: Base.AsyncIterator
        let limit: Int
        let declared: ImageFormat
        let refusal: Refusal
        var count = 0
        var head: [UInt8] = []
        var checked = false

        mutating func next() async throws -> ByteBuffer? {
            do {
                guard let chunk = try await base.next() else {
                    if !checked { try ImageController.verify(head, declared: declared) }
                    return nil
                }
                count += chunk.readableBytes
                guard count <= limit else { throw ImageController.tooLarge(limit) }
                if !checked {
                    head += chunk.readableBytesView.prefix(ImageFormat.signatureLength - head.count)
                    if head.count >= ImageFormat.signatureLength {
                        do {
                            try ImageController.verify(head, declared: declared)
                        } catch {
                            try await drain()
                            throw error
                        }
                        checked = true
                    }
                }
                return chunk
            } catch let error as AppError {
                refusal.withLock { $0 = error }
                throw error
            }
        }

        /// Reads and drops what is left of the body, up to `limit` bytes in all.
        mutating func drain() async throws {
            while count <= limit, let chunk = try await base.next() { count += chunk.readableBytes }
        }
    }

    func makeAsyncIterator() -> AsyncIterator {
        AsyncIterator(base: base.makeAsyncIterator(), limit: limit, declared: declared, refusal: refusal)
    }
}
