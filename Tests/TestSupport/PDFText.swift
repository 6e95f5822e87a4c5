import Foundation

/// The text of a PDF as poppler's `pdftotext -layout` reads it (Debian `poppler-utils`).
public func pdfText(_ pdf: Data) throws -> String {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("pdf-\(UUID())")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: folder) }
    let file = folder.appendingPathComponent("document.pdf")
    try pdf.write(to: file)
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/pdftotext")
    process.arguments = ["-layout", file.path, "-"]
    let output = Pipe()
    process.standardOutput = output
    try process.run()
    let data = output.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    guard process.terminationStatus == 0 else { throw TestFailure("pdftotext could not read the PDF") }
    return String(decoding: data, as: UTF8.self)
}
