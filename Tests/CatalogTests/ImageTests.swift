import Foundation
import ServiceKit
import Testing

@testable import Catalog

/// Poster and backdrop uploads: type by magic bytes, variant names, image URLs, and the libvips
/// pipeline itself (when `libvips-tools` is installed, as `scripts/install-deps` does).
@Suite("catalog images")
struct ImageTests {
    static let jpeg: [UInt8] = [0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10, 0x4A, 0x46, 0x49, 0x46, 0x00, 0x01]
    static let png: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00, 0x00, 0x0D]
    static let webp: [UInt8] = Array("RIFF".utf8) + [0x24, 0x00, 0x00, 0x00] + Array("WEBP".utf8)

    @Test("the type comes from the first bytes: JPEG, PNG, WebP, and a name for anything else")
    func sniffing() {
        #expect(ImageFormat.sniff(Self.jpeg) == .image(.jpeg))
        #expect(ImageFormat.sniff(Self.png) == .image(.png))
        #expect(ImageFormat.sniff(Self.webp) == .image(.webp))
        #expect(ImageFormat.sniff(Array("RIFF\u{24}\0\0\0WAVE".utf8)) != .image(.webp))  // a RIFF that is audio
        #expect(ImageFormat.sniff(Array("GIF89a......".utf8)) == .other("a GIF image"))
        #expect(ImageFormat.sniff(Array("%PDF-1.7\n...".utf8)) == .other("a PDF document"))
        #expect(ImageFormat.sniff(Array("<svg xmlns=".utf8)) == .other("SVG or XML text"))
        #expect(ImageFormat.sniff(Array("not an image, just text".utf8)) == .other("text"))
        #expect(ImageFormat.sniff([]) == .other("empty"))
        #expect(ImageFormat.sniff([0x00, 0x01, 0x02, 0x03]) == .other("of an unknown type"))
        #expect(ImageFormat.sniff(Self.jpeg.prefix(2)) != .image(.jpeg))  // too short to tell
    }

    @Test("the declared type: image/jpeg, image/png, image/webp (parameters and case ignored), nothing else")
    func declaredType() {
        #expect(ImageFormat.declared("image/jpeg") == .jpeg)
        #expect(ImageFormat.declared("Image/PNG; charset=binary") == .png)
        #expect(ImageFormat.declared("image/webp") == .webp)
        #expect(ImageFormat.declared("image/gif") == nil)
        #expect(ImageFormat.declared("application/octet-stream") == nil)
        #expect(ImageFormat.declared(nil) == nil)
    }

    @Test("bytes of another image type are a mismatch (422); bytes of no accepted type are refused (415)")
    func verification() throws {
        try ImageController.verify(Self.png, declared: .png)
        func code(_ head: [UInt8], _ declared: ImageFormat) -> (Int, String)? {
            do {
                try ImageController.verify(head, declared: declared)
                return nil
            } catch let error as AppError {
                return (error.status.code, error.code)
            } catch {
                return nil
            }
        }
        #expect(code(Self.jpeg, .png)! == (422, "image-type-mismatch"))
        #expect(code(Array("hello, this is text".utf8), .png)! == (415, "unsupported-image-type"))
        #expect(code(Array("GIF89a......".utf8), .jpeg)! == (415, "unsupported-image-type"))
    }

    @Test("variant names are a SHA-256 and .webp or .jpg: anything else (traversal included) is no name")
    func names() {
        let hex = String(repeating: "0123456789abcdef", count: 4)
        #expect(ImageName.parse("\(hex).webp")?.format == .webp)
        #expect(ImageName.parse("\(hex).jpg")?.format == .jpeg)
        #expect(ImageName.make(sha256: hex, format: .jpeg) == "\(hex).jpg")
        for bad in [
            "\(hex).png", "\(hex).jpeg", "\(hex.uppercased()).jpg", "\(hex.dropLast()).jpg", "\(hex)x.jpg",
            "../\(hex.dropFirst(3)).jpg", "..%2F\(hex).jpg", "\(hex).jpg/..", "\(hex).jpg.webp", ".jpg", "",
            "/etc/passwd", "..", "\(hex)", String(repeating: "g", count: 64) + ".jpg",
        ] {
            #expect(ImageName.parse(bad) == nil, "\(bad)")
        }
    }

    @Test("an uploaded poster replaces TMDB's in images: JPEG and WebP by width, original = largest")
    func links() {
        var film = Film.draft(title: "Posters", runtimeMinutes: 90)
        film.posterPath = "/tmdb.jpg"
        film.backdropPath = "/tmdb-backdrop.jpg"
        let variants = [342, 185].flatMap { width in
            [ImageName.Format.jpeg, .webp].map { format in
                Film.UploadedImage.Variant(
                    name: "\(format.rawValue)\(width).\(format.fileExtension)", width: width, format: format, bytes: 1)
            }
        }
        film.uploadedImages = ["poster": .init(width: 400, height: 600, variants: variants, uploadedAt: .now)]
        let decorated = ImageLinks(base: "https://tmdb/", uploads: "/api/catalog/images/").decorate(film)
        let images = decorated.images
        #expect(decorated.uploadedImages == nil)  // never in an answer
        #expect(
            images?.poster == [
                "w185": "/api/catalog/images/jpeg185.jpg", "w342": "/api/catalog/images/jpeg342.jpg",
                "original": "/api/catalog/images/jpeg342.jpg",
            ])
        #expect(images?.posterWebp["w185"] == "/api/catalog/images/webp185.webp")
        #expect(images?.backdrop["w780"] == "https://tmdb/w780/tmdb-backdrop.jpg")  // not uploaded: TMDB's
        #expect(images?.backdropWebp.isEmpty == true)
    }

    @Test("vipsheader's line gives the size")
    func dimensions() throws {
        #expect(try ImageProcessor.dimensions("/tmp/a b.jpg: 640x480 uchar, 3 bands, srgb, jpegload\n") == (640, 480))
        #expect(throws: AppError.self) { try ImageProcessor.dimensions("vipsheader: unable to load") }
    }

    static let vipsInstalled = FileManager.default.isExecutableFile(atPath: "/usr/bin/vipsthumbnail")

    @Test(
        "libvips: a JPEG with EXIF becomes WebP and JPEG variants at the widths it reaches, stripped",
        .enabled(if: vipsInstalled))
    func pipeline() async throws {
        let work = FileManager.default.temporaryDirectory.appendingPathComponent("images-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: work, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: work) }
        // 600×900, with an EXIF block the variants must not keep.
        _ = try await Subprocess.run(
            ["vips", "gaussnoise", "\(work)/noise.v", "600", "900"], in: work, timeout: .seconds(30))
        _ = try await Subprocess.run(
            ["vips", "copy", "\(work)/noise.v", "\(work)/source.jpg"], in: work, timeout: .seconds(30))
        let source = try await Subprocess.run(
            ["vipsheader", "-a", "\(work)/source.jpg"], in: work, timeout: .seconds(30))
        #expect(source.contains("exif-data"))  // libvips writes one into every JPEG it saves unstripped
        let result = try await ImageProcessor().process("\(work)/source.jpg", kind: .poster, in: work)
        #expect(result.width == 600 && result.height == 900)
        #expect(Set(result.variants.map(\.width)) == [185, 342, 500])  // 780 would enlarge it
        #expect(result.variants.filter { $0.format == .webp }.count == 3)
        for variant in result.variants {
            let header = try await Subprocess.run(["vipsheader", "-a", variant.path], in: work, timeout: .seconds(30))
            #expect(header.contains(": \(variant.width)x"), "\(header)")
            #expect(!header.contains("exif-data") && !header.contains("xmp-data") && !header.contains("icc-profile"))
            let bytes = try Data(contentsOf: URL(fileURLWithPath: variant.path))
            #expect(ImageFormat.sniff(bytes) == .image(variant.format == .webp ? .webp : .jpeg))
            #expect(variant.bytes == bytes.count)
        }
        let garbage = "\(work)/garbage.png"
        try Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A] + Array("truncated".utf8)).write(
            to: URL(fileURLWithPath: garbage))
        await #expect(throws: AppError.self) { try await ImageProcessor().process(garbage, kind: .poster, in: work) }
    }
}
