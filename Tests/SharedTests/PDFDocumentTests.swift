import Documents
import Foundation
import TestSupport
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

    @Test("a long report runs onto several pages, each with the header and its page number, read back by poppler")
    func multiPageTable() throws {
        let rows = (1...120).map { ["Film \($0)", "EUR", "\($0)", "\($0 * 1150 / 100),\($0 * 1150 % 100) EUR"] }
        let pdf = TablePDF.render(
            title: "Homestudio — revenue", subtitle: "Period: December", columns: ["film", "currency", "n", "net"],
            rows: rows)
        #expect(String(decoding: pdf, as: UTF8.self).contains("/Count 3"))
        let text = try pdfText(pdf)
        for expected in ["Homestudio — revenue", "page 1 of 3", "page 3 of 3", "Film 120", "Film 1 "] {
            #expect(text.contains(expected), "the PDF lacks \(expected)")
        }
        #expect(text.components(separatedBy: "currency").count - 1 == 3)  // the header on each page
        let empty = try pdfText(TablePDF.render(title: "T", subtitle: "S", columns: ["a"], rows: []))
        #expect(empty.contains("No data for this period."))
    }
}
