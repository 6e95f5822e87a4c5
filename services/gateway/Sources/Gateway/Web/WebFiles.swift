import Crypto
import Foundation
import NIOCore
import Synchronization

/// The web app's built files (`web/dist`), held in memory with their precompressed siblings
/// (`name.gz`, `name.br` written by the build). The directory is read again when its
/// `index.html` changes (checked at most once a second), so a rebuild shows without a restart.
final class WebFiles: Sendable {
    struct File: Sendable {
        var contentType: String
        var identity: ByteBuffer
        var gzip: ByteBuffer?
        var brotli: ByteBuffer?
        var etag: String
        /// The ETags of the precompressed siblings (`"<digest>-gzip"`, `"<digest>-br"`), one per encoding.
        var gzipETag: String
        var brotliETag: String
        /// Content-hashed names (`/assets/…`) never change; everything else is revalidated.
        var immutable: Bool
    }

    private struct Snapshot {
        var files: [String: File] = [:]
        var indexModified: Date?
        var checked = ContinuousClock.Instant.now - .seconds(2)
    }

    let root: URL
    private let snapshot = Mutex(Snapshot())

    /// - Parameter root: the build's directory; empty: no web app (every path is a 404).
    init(root: String) {
        self.root = URL(fileURLWithPath: root.isEmpty ? "/nonexistent" : root, isDirectory: true)
        snapshot.withLock { $0 = Self.load(self.root) }
    }

    /// The file at a URL path (`/assets/app-1a2b.js`), nil when there is none.
    func file(at path: String) -> File? {
        refreshIfChanged()
        return snapshot.withLock { $0.files[path] }
    }

    var isEmpty: Bool { snapshot.withLock { $0.files.isEmpty } }

    private func refreshIfChanged() {
        let now = ContinuousClock.Instant.now
        let due = snapshot.withLock { state -> Bool in
            guard now - state.checked >= .seconds(1) else { return false }
            state.checked = now
            return Self.modified(root.appendingPathComponent("index.html")) != state.indexModified
        }
        if due {
            let fresh = Self.load(root)
            snapshot.withLock { $0 = fresh }
        }
    }

    private static func modified(_ url: URL) -> Date? {
        (try? FileManager.default.attributesOfItem(atPath: url.path))?[.modificationDate] as? Date
    }

    private static func load(_ root: URL) -> Snapshot {
        var state = Snapshot()
        state.indexModified = modified(root.appendingPathComponent("index.html"))
        let base = root.standardizedFileURL.path
        guard let walker = FileManager.default.enumerator(atPath: base) else { return state }
        for case let relative as String in walker {
            let ext = (relative as NSString).pathExtension
            guard relative != "meta.json", let type = contentTypes[ext],
                let data = FileManager.default.contents(atPath: base + "/" + relative)
            else { continue }
            let sibling = { (suffix: String) in
                FileManager.default.contents(atPath: base + "/" + relative + suffix).map { ByteBuffer(bytes: $0) }
            }
            let digest = SHA256.hash(data: data).prefix(12).map { String(format: "%02x", $0) }.joined()
            state.files["/" + relative] = File(
                contentType: type, identity: ByteBuffer(bytes: data), gzip: sibling(".gz"), brotli: sibling(".br"),
                etag: "\"\(digest)\"", gzipETag: "\"\(digest)-gzip\"", brotliETag: "\"\(digest)-br\"",
                immutable: relative.hasPrefix("assets/"))
        }
        return state
    }

    static let contentTypes: [String: String] = [
        "html": "text/html; charset=utf-8", "js": "text/javascript; charset=utf-8",
        "mjs": "text/javascript; charset=utf-8", "css": "text/css; charset=utf-8",
        "json": "application/json", "webmanifest": "application/manifest+json", "svg": "image/svg+xml",
        "png": "image/png", "jpg": "image/jpeg", "webp": "image/webp", "ico": "image/x-icon",
        "woff2": "font/woff2", "txt": "text/plain; charset=utf-8", "map": "application/json",
    ]
}
