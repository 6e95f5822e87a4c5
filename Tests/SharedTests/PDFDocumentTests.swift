import Documents
import Foundation
import Testing

@Suite("PDF documents")
struct PDFDocumentTests {
    @Test("the PDF writer produces a well-formed file whose xref points at its objects")
    func pdfStructure() throws {
        var document = PDFDocument()
        document.text("Facture (n° 1) – 11,50 €", x: 50, y: 780)
        let pdf = document.render()
        let text = String(decoding: pdf, as: UTF8.self)
        #expect(text.hasPrefix("%PDF-1.4"))
        #expect(text.hasSuffix("%%EOF\n"))
        let startxref = try #require(text.range(of: "startxref\n"))
        let offset = try #require(Int(text[startxref.upperBound...].prefix { $0.isNumber }))
        #expect(pdf[offset..<(offset + 4)] == Data("xref".utf8))
        #expect(pdf.range(of: Data("Facture \\(n".utf8)) != nil)  // parentheses escaped
        #expect(pdf.contains(0x80))  // € in WinAnsi
    }
}
