import Crypto
import Foundation
import NIOPosix
import ServiceKit

/// Makes a film image's variants with libvips' command-line tools (Debian `libvips-tools`):
/// a well-kept, streaming image library in a separate process, so that a malformed or hostile
/// file can at worst crash that process, and a slow one is killed by a timeout. (The C library
/// through a system-library target would save the process start, a few milliseconds per variant,
/// but would run any decoder bug inside the service.)
///
/// 1. `vipsheader`: decodable, and at most `maxPixels` (a 20 MiB PNG can hold a 30,000² image).
/// 2. `vipsthumbnail` once: turned upright per its EXIF orientation, converted to sRGB, shrunk to
///    the largest width wanted, as a master PNG without any metadata (EXIF, XMP, IPTC, ICC: the
///    pixels are sRGB).
/// 3. From the master, per width not above the image's own: a WebP and a progressive JPEG, saved
///    stripped. libvips 8.14 (Debian bookworm) still writes a small EXIF block of its own into
///    WebP files, `strip` or not: `webpmux -strip exif` (libwebp's tool, Debian `webp`) removes it.
///
/// At most `slots` images are processed at once (`catalog.images.concurrency`, 2): more uploads
/// wait their turn instead of sharing the cores among a crowd of processes and timing out.
struct ImageProcessor: Sendable {
    var maxPixels = 100_000_000
    var timeout: Duration = .seconds(60)
    var slots = ProcessingSlots(2)

    struct Variant: Sendable, Equatable {
        var path: String
        var width: Int
        var format: ImageName.Format
        var sha256: String
        var bytes: Int

        var name: String { ImageName.make(sha256: sha256, format: format) }
    }

    struct Result: Sendable {
        var width: Int
        var height: Int
        var variants: [Variant]
    }

    func process(_ source: String, kind: ImageKind, in work: String) async throws -> Result {
        await slots.acquire()
        do {
            let result = try await variants(of: source, kind: kind, in: work)
            await slots.release()
            return result
        } catch {
            await slots.release()
            throw error
        }
    }

    private func variants(of source: String, kind: ImageKind, in work: String) async throws -> Result {
        let header: String
        do {
            header = try await Subprocess.run(["vipsheader", source], in: work, timeout: timeout)
        } catch let failure as Subprocess.Failure {
            throw AppError(.unprocessableContent, code: "image-unreadable", "The image cannot be decoded: \(failure)")
        }
        let (width, height) = try Self.dimensions(header)
        guard width * height <= maxPixels else {
            throw AppError(
                .unprocessableContent, code: "image-too-many-pixels",
                "The image is \(width)×\(height) pixels: at most \(maxPixels / 1_000_000) megapixels")
        }
        let largest = kind.widths.max() ?? 780
        let master = "\(work)/master.png"
        do {
            _ = try await Subprocess.run(
                [
                    "vipsthumbnail", source, "--size", "\(largest)x>", "--export-profile", "srgb", "-o",
                    master + "[strip,compression=1]",
                ], in: work, timeout: timeout)
        } catch let failure as Subprocess.Failure {
            throw AppError(.unprocessableContent, code: "image-unreadable", "The image cannot be decoded: \(failure)")
        }
        let (masterWidth, masterHeight) = try Self.dimensions(
            try await Subprocess.run(["vipsheader", master], in: work, timeout: timeout))
        let widths = kind.widths.filter { $0 <= masterWidth }
        var variants: [Variant] = []
        for width in widths.isEmpty ? [masterWidth] : widths {
            for format in [ImageName.Format.webp, .jpeg] {
                let path = "\(work)/w\(width).\(format.fileExtension)"
                if format == .webp {
                    let saved = "\(work)/w\(width).vips.webp"
                    _ = try await Subprocess.run(
                        ["vipsthumbnail", master, "--size", "\(width)x", "-o", saved + "[Q=80,strip]"], in: work,
                        timeout: timeout)
                    _ = try await Subprocess.run(
                        ["webpmux", "-strip", "exif", saved, "-o", path], in: work, timeout: timeout)
                } else {
                    _ = try await Subprocess.run(
                        [
                            "vipsthumbnail", master, "--size", "\(width)x", "-o",
                            path + "[Q=82,strip,optimize_coding,interlace]",
                        ], in: work, timeout: timeout)
                }
                let (digest, bytes) = try await Self.digest(path)
                variants.append(Variant(path: path, width: width, format: format, sha256: digest, bytes: bytes))
            }
        }
        return Result(width: masterWidth, height: masterHeight, variants: variants)
    }

    /// `WxH` from `vipsheader`'s line (`file: 640x480 uchar, 3 bands, srgb, jpegload`).
    static func dimensions(_ header: String) throws -> (Int, Int) {
        guard let match = header.firstMatch(of: /: (\d+)x(\d+)\s/), let width = Int(match.1), let height = Int(match.2),
            width > 0, height > 0
        else {
            throw AppError(.unprocessableContent, code: "image-unreadable", "The image's size cannot be read")
        }
        return (width, height)
    }

    /// SHA-256 (hex) and length of a file, read on NIO's blocking thread pool.
    static func digest(_ path: String) async throws -> (String, Int) {
        try await NIOThreadPool.singleton.runIfActive {
            let data = try Data(contentsOf: URL(fileURLWithPath: path))
            return (Hex.encode(SHA256.hash(data: data)), data.count)
        }
    }
}

/// A counting semaphore for tasks: `acquire` waits (without holding a thread) while every slot is
/// taken; waiters are served in order.
actor ProcessingSlots {
    private var free: Int
    private var waiters: [CheckedContinuation<Void, Never>] = []

    init(_ count: Int) { free = max(1, count) }

    func acquire() async {
        if free > 0 {
            free -= 1
            return
        }
        await withCheckedContinuation { waiters.append($0) }
    }

    func release() {
        if waiters.isEmpty { free += 1 } else { waiters.removeFirst().resume() }
    }
}

/// A command run as a child process and awaited without holding a thread: Foundation's `Process`
/// reports its end through `terminationHandler`, which resumes the waiting task. Output goes to
/// files in the work directory (a pipe nobody reads could fill and stall the child).
enum Subprocess {
    struct Failure: Error, CustomStringConvertible {
        var command: String
        var status: Int32
        var stderr: String
        var description: String {
            let message = stderr.split(separator: "\n").prefix(3).joined(separator: " ")
            return "\(command) failed (\(status)): \(message.prefix(300))"
        }
    }

    struct Timeout: Error {}

    /// Runs `arguments` (looked up on PATH) and returns its standard output.
    static func run(_ arguments: [String], in directory: String, timeout: Duration) async throws -> String {
        let id = UUID().uuidString
        let outPath = "\(directory)/\(id).out"
        let errPath = "\(directory)/\(id).err"
        defer {
            try? FileManager.default.removeItem(atPath: outPath)
            try? FileManager.default.removeItem(atPath: errPath)
        }
        _ = FileManager.default.createFile(atPath: outPath, contents: nil)
        _ = FileManager.default.createFile(atPath: errPath, contents: nil)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = arguments
        process.currentDirectoryURL = URL(fileURLWithPath: directory)
        process.standardInput = FileHandle.nullDevice
        let out = try FileHandle(forWritingTo: URL(fileURLWithPath: outPath))
        let err = try FileHandle(forWritingTo: URL(fileURLWithPath: errPath))
        defer {
            try? out.close()
            try? err.close()
        }
        process.standardOutput = out
        process.standardError = err
        let status: Int32 = try await withThrowingTaskGroup(of: Int32.self) { group in
            let (ended, continuation) = AsyncStream.makeStream(of: Int32.self)
            process.terminationHandler = { process in
                continuation.yield(process.terminationStatus)
                continuation.finish()
            }
            try process.run()
            group.addTask {
                for await status in ended { return status }
                return -1
            }
            group.addTask {
                try await Task.sleep(for: timeout)
                throw Timeout()
            }
            do {
                let status = try await group.next() ?? -1
                group.cancelAll()
                return status
            } catch {
                process.terminate()
                group.cancelAll()
                throw error
            }
        }
        let read = { (path: String) in (try? String(contentsOfFile: path, encoding: .utf8)) ?? "" }
        // env's "command not found": libvips-tools is not installed (scripts/install-deps, the Dockerfile).
        if status == 127 {
            throw AppError(
                .serviceUnavailable, code: "image-processing-unavailable",
                "Images cannot be processed here: \(arguments.first ?? "?") is not installed")
        }
        guard status == 0 else {
            throw Failure(command: arguments.first ?? "?", status: status, stderr: read(errPath))
        }
        return read(outPath)
    }
}
