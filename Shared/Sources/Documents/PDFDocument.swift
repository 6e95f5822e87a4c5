import Foundation

/// A minimal PDF 1.4 writer: A4 pages of text lines in Helvetica (WinAnsi encoding, so French
/// accents and € print), enough for invoices, e-tickets and reports without a PDF library (none is
/// available here). `newPage()` starts another page; `text` writes on the current one.
public struct PDFDocument: Sendable {
    public struct Line: Sendable {
        var x: Double
        var y: Double
        var size: Double
        var bold: Bool
        var text: String
    }

    /// The lines of the current page.
    public var lines: [Line] = []
    /// The pages before the current one.
    var finished: [[Line]] = []

    public init() {}

    public var pageCount: Int { finished.count + 1 }

    public mutating func newPage() {
        finished.append(lines)
        lines = []
    }

    public mutating func text(_ text: String, x: Double, y: Double, size: Double = 10, bold: Bool = false) {
        lines.append(Line(x: x, y: y, size: size, bold: bold, text: text))
    }

    /// The document's bytes: catalog, page tree, two fonts, then each page and its content
    /// stream, the xref table.
    public func render() -> Data {
        let pages = finished + [lines]
        let firstPage = 5
        let kids = pages.indices.map { "\(firstPage + 2 * $0) 0 R" }.joined(separator: " ")
        var objects: [Data] = [
            Data("<< /Type /Catalog /Pages 2 0 R >>".utf8),
            Data("<< /Type /Pages /Kids [\(kids)] /Count \(pages.count) >>".utf8),
            Data("<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>".utf8),
            Data("<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica-Bold /Encoding /WinAnsiEncoding >>".utf8),
        ]
        for (index, page) in pages.enumerated() {
            let content = Self.content(page)
            objects.append(
                Data(
                    ("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents \(firstPage + 2 * index + 1) 0 R "
                        + "/Resources << /Font << /F1 3 0 R /F2 4 0 R >> >> >>").utf8))
            objects.append(Data("<< /Length \(content.count) >>\nstream\n".utf8) + content + Data("endstream".utf8))
        }
        var pdf = Data("%PDF-1.4\n%\u{E2}\u{E3}\u{CF}\u{D3}\n".utf8)
        var offsets: [Int] = []
        for (index, object) in objects.enumerated() {
            offsets.append(pdf.count)
            pdf.append(Data("\(index + 1) 0 obj\n".utf8) + object + Data("\nendobj\n".utf8))
        }
        let xref = pdf.count
        pdf.append(Data("xref\n0 \(objects.count + 1)\n0000000000 65535 f \n".utf8))
        for offset in offsets { pdf.append(Data(String(format: "%010d 00000 n \n", offset).utf8)) }
        pdf.append(Data("trailer\n<< /Size \(objects.count + 1) /Root 1 0 R >>\nstartxref\n\(xref)\n%%EOF\n".utf8))
        return pdf
    }

    static func content(_ lines: [Line]) -> Data {
        var content = Data()
        for line in lines {
            content.append(Data("BT /\(line.bold ? "F2" : "F1") \(line.size) Tf \(line.x) \(line.y) Td (".utf8))
            content.append(Self.escape(line.text))
            content.append(Data(") Tj ET\n".utf8))
        }
        return content
    }

    /// A PDF string literal's bytes in WinAnsi (CP1252); `(`, `)` and `\` escaped.
    static func escape(_ text: String) -> Data {
        let encoded = text.data(using: .windowsCP1252, allowLossyConversion: true) ?? Data(text.utf8)
        var escaped = Data()
        for byte in encoded {
            if byte == UInt8(ascii: "(") || byte == UInt8(ascii: ")") || byte == UInt8(ascii: "\\") {
                escaped.append(UInt8(ascii: "\\"))
            }
            escaped.append(byte)
        }
        return escaped
    }
}
