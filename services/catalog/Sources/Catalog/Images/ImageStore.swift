import Foundation
import Hummingbird
import NIOPosix
import ServiceKit

/// Where image variants live once made, by content-addressed name (`ImageName`). Writes are
/// idempotent (a name is its bytes), so two uploads of the same image, or two replicas, never
/// conflict. The filesystem store is the one in use; an S3-compatible object store implements the
/// same three calls (PUT object if absent, GET object) and takes its place on Kubernetes.
protocol ImageStore: Sendable {
    /// Stores the finished file at `path` under `name`; the file may be moved away. Nothing
    /// changes when `name` is already stored.
    func put(fileAt path: String, name: String, contentType: String) async throws

    /// A stored variant's bytes and their length, nil when there is no such name.
    func read(_ name: String, context: ServiceRequestContext) async throws -> (body: ResponseBody, length: Int)?

    /// A directory for the work files of an upload (streamed body, intermediate images), on the
    /// same volume as the store when it can be, so that `put` is a rename.
    var workDirectory: String { get }
}

/// Variants as files in one directory (`catalog.images.path`): `<sha256>.webp`, `<sha256>.jpg`.
/// A variant is written to a temporary name and renamed, so a reader never sees half a file.
/// File system calls run on NIO's blocking thread pool, never on an event loop or the
/// cooperative pool.
struct FileImageStore: ImageStore {
    let directory: String
    let workDirectory: String
    private let fileIO = FileIO()

    /// The directory (and its `.incoming` work directory) is made by the first upload.
    init(directory: String) {
        self.directory = directory
        self.workDirectory = directory + "/.incoming"
    }

    func put(fileAt path: String, name: String, contentType: String) async throws {
        guard ImageName.parse(name) != nil else { throw AppError.invalid("name", "not an image name") }
        let target = "\(directory)/\(name)"
        try await NIOThreadPool.singleton.runIfActive {
            let files = FileManager.default
            if files.fileExists(atPath: target) {
                try? files.removeItem(atPath: path)
                return
            }
            // Same volume (the work directory is inside the store): rename is atomic.
            let staging = "\(workDirectory)/\(UUID().uuidString).\(name)"
            try files.moveItem(atPath: path, toPath: staging)
            do {
                try files.moveItem(atPath: staging, toPath: target)
            } catch {
                try? files.removeItem(atPath: staging)
                // Another upload of the same bytes got there first: the same file.
                guard files.fileExists(atPath: target) else { throw error }
            }
        }
    }

    func read(_ name: String, context: ServiceRequestContext) async throws -> (body: ResponseBody, length: Int)? {
        guard ImageName.parse(name) != nil else { return nil }
        let path = "\(directory)/\(name)"
        let size = try await NIOThreadPool.singleton.runIfActive { () -> Int? in
            (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? NSNumber)?.intValue
        }
        guard let size else { return nil }
        return (try await fileIO.loadFile(path: path, context: context), size)
    }
}
