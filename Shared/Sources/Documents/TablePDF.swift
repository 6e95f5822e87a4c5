import Foundation

/// A report as a PDF: a title and a subtitle, then the table on as many A4 pages as it takes, its
/// header repeated on each page, numbers right-aligned, long cells cut with an ellipsis, and
/// "page i of n" at the foot.
public enum TablePDF {
    static let margin = 40.0
    static let size = 9.0
    static let lineHeight = 14.0
    static let top = 842.0 - 40
    static let rowsPerPage = 48

    public static func render(title: String, subtitle: String, columns: [String], rows: [[String]]) -> Data {
        var pdf = PDFDocument()
        let widths = columnWidths(columns: columns, rows: rows)
        // A column of numbers is right-aligned, its header too.
        let numeric = columns.indices.map { column in
            let cells = rows.compactMap { column < $0.count ? $0[column] : nil }.filter { !$0.isEmpty }
            return !cells.isEmpty && cells.allSatisfy(isNumeric)
        }
        let chunks = stride(from: 0, to: max(rows.count, 1), by: rowsPerPage).map {
            Array(rows[min($0, rows.count)..<min($0 + rowsPerPage, rows.count)])
        }
        for (index, chunk) in chunks.enumerated() {
            if index > 0 { pdf.newPage() }
            pdf.text(title, x: margin, y: top, size: 14, bold: true)
            pdf.text(subtitle, x: margin, y: top - 18, size: 9)
            var y = top - 44
            write(columns, widths: widths, numeric: numeric, y: y, bold: true, into: &pdf)
            y -= lineHeight
            for row in chunk {
                write(row, widths: widths, numeric: numeric, y: y, bold: false, into: &pdf)
                y -= lineHeight
            }
            if rows.isEmpty { pdf.text("No data for this period.", x: margin, y: y, size: size) }
            pdf.text("page \(index + 1) of \(chunks.count)", x: 595 - margin - 60, y: 28, size: 8)
        }
        return pdf.render()
    }

    static func write(
        _ cells: [String], widths: [Double], numeric: [Bool], y: Double, bold: Bool, into pdf: inout PDFDocument
    ) {
        var x = margin
        for (index, width) in widths.enumerated() {
            let cell = fit(index < cells.count ? cells[index] : "", width: width - 6)
            let left = numeric[index] ? x + width - 6 - textWidth(cell) * (bold ? 1.08 : 1) : x
            pdf.text(cell, x: (left * 10).rounded() / 10, y: y, size: size, bold: bold)
            x += width
        }
    }

    /// Widths proportional to each column's longest text (header included), within the page.
    static func columnWidths(columns: [String], rows: [[String]]) -> [Double] {
        let wanted = columns.indices.map { column in
            max(30, ([columns[column]] + rows.map { column < $0.count ? $0[column] : "" }).map(textWidth).max() ?? 30)
        }
        let available = 595 - 2 * margin
        let total = wanted.reduce(0, +) + 6 * Double(wanted.count)
        let scale = min(1, available / total)
        return wanted.map { ($0 + 6) * scale }
    }

    static func isNumeric(_ text: String) -> Bool {
        !text.isEmpty && text.allSatisfy { $0.isNumber || " .,-%".contains($0) || $0.isUppercase }
            && text.contains(where: \.isNumber)
    }

    /// Approximate Helvetica width: digits 0.556 em, punctuation and spaces 0.278, letters ~0.55.
    static func textWidth(_ text: String) -> Double {
        text.reduce(0) { total, character in
            let em: Double =
                character.isNumber
                ? 0.556 : " .,:;'|!il".contains(character) ? 0.278 : character.isUppercase ? 0.667 : 0.52
            return total + em * size
        }
    }

    static func fit(_ text: String, width: Double) -> String {
        guard textWidth(text) > width else { return text }
        var cut = text
        while !cut.isEmpty, textWidth(cut + "…") > width { cut.removeLast() }
        return cut + "…"
    }
}
