import Foundation

/// The image types an upload may be: told by the file's first bytes (its magic number), never by
/// the `Content-Type` header or a file name.
enum ImageFormat: String, Sendable, CaseIterable {
    case jpeg, png, webp

    var mediaType: String { "image/\(rawValue)" }

    /// How many leading bytes `sniff` needs to decide.
    static let signatureLength = 12

    /// What the leading bytes are: one of ours, or a description of something else ("a GIF image",
    /// "text") for the problem the client gets.
    enum Sniffed: Equatable {
        case image(ImageFormat)
        case other(String)
    }

    static func sniff(_ bytes: some Collection<UInt8>) -> Sniffed {
        let b = Array(bytes.prefix(signatureLength))
        func starts(_ signature: [UInt8], at offset: Int = 0) -> Bool {
            b.count >= offset + signature.count && Array(b[offset..<offset + signature.count]) == signature
        }
        if starts([0xFF, 0xD8, 0xFF]) { return .image(.jpeg) }
        if starts([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) { return .image(.png) }
        if starts(Array("RIFF".utf8)), starts(Array("WEBP".utf8), at: 8) { return .image(.webp) }
        if b.isEmpty { return .other("empty") }
        if starts(Array("GIF8".utf8)) { return .other("a GIF image") }
        if starts(Array("%PDF".utf8)) { return .other("a PDF document") }
        if starts([0x00, 0x00, 0x00]), starts(Array("ftyp".utf8), at: 4) { return .other("an HEIF/AVIF or MP4 file") }
        if starts(Array("II*\0".utf8)) || starts(Array("MM\0*".utf8)) { return .other("a TIFF image") }
        if starts(Array("BM".utf8)) { return .other("a BMP image") }
        if starts([0x50, 0x4B, 0x03, 0x04]) { return .other("a ZIP archive") }
        let text = String(decoding: b, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines).lowercased()
        if text.hasPrefix("<svg") || text.hasPrefix("<?xml") { return .other("SVG or XML text") }
        if b.allSatisfy({ $0 == 0x09 || $0 == 0x0A || $0 == 0x0D || (0x20..<0x7F).contains($0) || $0 >= 0x80 }) {
            return .other("text")
        }
        return .other("of an unknown type")
    }

    /// The declared type of a `Content-Type` value (`image/jpeg; charset=…` → jpeg), nil when it is
    /// not one of ours (`image/jpg` is accepted as jpeg: some clients send it).
    static func declared(_ contentType: String?) -> ImageFormat? {
        guard let contentType else { return nil }
        let media = contentType.split(separator: ";").first.map {
            $0.trimmingCharacters(in: .whitespaces).lowercased()
        }
        switch media {
        case "image/jpeg", "image/jpg": return .jpeg
        case "image/png": return .png
        case "image/webp": return .webp
        default: return nil
        }
    }
}

/// The two images a film has, each resized to the widths a `srcset` offers (never enlarged).
enum ImageKind: String, Sendable, CaseIterable {
    case poster, backdrop

    var widths: [Int] {
        switch self {
        case .poster: [185, 342, 500, 780]
        case .backdrop: [300, 780, 1280]
        }
    }

    /// The localEdits name of the field an upload replaces (as a hand PATCH of it would).
    var editedField: String { self == .poster ? "posterPath" : "backdropPath" }
}

/// Names of stored variants: the SHA-256 of the file's bytes, in lower-case hex, and the format's
/// extension (`<64 hex>.webp`, `<64 hex>.jpg`). Content-addressed: a name always means the same
/// bytes, so a variant can be cached for ever, and anything else (`..`, slashes, other
/// extensions) is not a name at all.
enum ImageName {
    enum Format: String, Sendable, Codable {
        case webp, jpeg

        var fileExtension: String { self == .webp ? "webp" : "jpg" }
        var mediaType: String { "image/\(rawValue)" }
    }

    static func make(sha256 hex: String, format: Format) -> String { "\(hex).\(format.fileExtension)" }

    /// The name's digest and format when it is a valid name, else nil.
    static func parse(_ name: String) -> (sha256: String, format: Format)? {
        let parts = name.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 2, parts[0].count == 64,
            parts[0].utf8.allSatisfy({ (0x30...0x39).contains($0) || (0x61...0x66).contains($0) })
        else { return nil }
        switch parts[1] {
        case "webp": return (String(parts[0]), .webp)
        case "jpg": return (String(parts[0]), .jpeg)
        default: return nil
        }
    }
}
