import Foundation
import Logging
import PostgresNIO
import TestSupport
import Testing

/// Invoices: issued with each successful payment, numbered without gaps, rendered as PDF;
/// credit notes for refunds.
@Suite("Invoices", .enabled(if: TestEnvironment.isAvailable))
struct InvoiceTests {
    let fixtures = Fixtures()

    /// Runs a command line tool; returns its standard output.
    func run(_ tool: String, _ arguments: [String]) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: tool)
        process.arguments = arguments
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "\(tool) failed")
        return String(decoding: data, as: UTF8.self)
    }

    @Test("concurrent payments get invoice numbers with no gap and no duplicate")
    func numbering() async throws {
        let admin = try await fixtures.admin()
        let film = try await fixtures.newFilm(admin)
        let (auditorium, seats) = try await fixtures.newAuditorium(admin)
        let screening = try await fixtures.newScreening(admin, film: film, auditorium: auditorium)
        var holds: [(APIClient, String)] = []
        for index in 0..<6 {
            let (user, _) = try await fixtures.newUser()
            let held = try await user.post(
                "/api/scheduling/screenings/\(screening)/holds", ["seatIds": [seats[8 + index]]])
            holds.append((user, try #require(held.json["id"] as? String)))
        }
        let statuses = try await withThrowingTaskGroup(of: Int.self) { group in
            for (user, booking) in holds {
                group.addTask { try await fixtures.checkout(user, booking: booking).status }
            }
            return try await group.reduce(into: [Int]()) { $0.append($1) }
        }
        #expect(statuses == Array(repeating: 201, count: 6))
        for (user, _) in holds {
            let mine = try await user.get("/api/payments/invoices").json["items"] as? [[String: Any]] ?? []
            #expect(mine.count == 1)
            #expect((mine.first?["number"] as? String)?.hasPrefix("HS-") == true)
        }
        // Across everything this test run has invoiced: 1…n, each once.
        let connection = try await TestDatabase.connect(as: "payments")
        let rows = try await connection.query(
            """
            SELECT count(*)::int, count(DISTINCT sequence)::int, coalesce(min(sequence), 0), coalesce(max(sequence), 0)
            FROM invoices WHERE series = 'HS' AND year = extract(year FROM now())::int
            """, logger: Logger(label: "t"))
        var figures = (0, 0, 0, 0)
        for try await row in rows.decode((Int, Int, Int, Int).self) { figures = row }
        try await connection.close()
        #expect(figures.0 >= 6)
        #expect(figures.0 == figures.1, "duplicate invoice numbers")
        #expect(figures.2 == 1 && figures.3 == figures.0, "a gap in the invoice numbers: \(figures)")
    }

    @Test("the invoice PDF renders (converted to PNG) and states number, VAT and total; a refund issues a credit note")
    func pdfAndCreditNote() async throws {
        let admin = try await fixtures.admin()
        let film = try await fixtures.newFilm(admin)
        let (auditorium, seats) = try await fixtures.newAuditorium(admin)
        let screening = try await fixtures.newScreening(admin, film: film, auditorium: auditorium)
        let (user, email) = try await fixtures.newUser()
        let held = try await user.post("/api/scheduling/screenings/\(screening)/holds", ["seatIds": [seats[8]]])
        let booking = try #require(held.json["id"] as? String)
        let payment = try #require(try await fixtures.checkout(user, booking: booking).json["paymentId"] as? String)
        let invoice = try #require(
            (try await user.get("/api/payments/invoices").json["items"] as? [[String: Any]])?.first)
        let number = try #require(invoice["number"] as? String)
        #expect(invoice["total"] as? Int == 1150)
        #expect(invoice["vatTotal"] as? Int == 60)  // 5.5 % included in 11.50 €
        #expect(invoice["netTotal"] as? Int == 1090)
        let id = try #require(invoice["id"] as? String)

        let pdf = try await user.get("/api/payments/invoices/\(id)/pdf")
        #expect(pdf.status == 200)
        #expect(pdf.contentType == "application/pdf")
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("invoice-\(UUID())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("invoice.pdf")
        try pdf.body.write(to: file)
        _ = try run(
            "/usr/bin/pdftoppm",
            ["-png", "-r", "40", "-f", "1", "-l", "1", file.path, folder.appendingPathComponent("page").path])
        let pages = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".png") }
        let png = try Data(contentsOf: folder.appendingPathComponent(try #require(pages.first)))
        #expect(png.starts(with: [0x89, 0x50, 0x4E, 0x47]))
        #expect(png.count > 1000)
        let text = try run("/usr/bin/pdftotext", ["-layout", file.path, "-"])
        for expected in [number, "TVA 5,5 %", "11,50 EUR", "0,60 EUR", "Billets de cinéma"] {
            #expect(text.contains(expected), "the PDF lacks \(expected)")
        }
        let other = try await fixtures.newUser().client
        #expect(try await other.get("/api/payments/invoices/\(id)/pdf").status == 404)
        // The buyer receives the invoice by e-mail, its PDF attached.
        let mail = try await eventually("the invoice e-mail") {
            try await MailCatcher().messages(to: email).first { $0.subject?.contains(number) == true }
        }
        let attachment = try #require(mail.attachments?.first)
        #expect(attachment.filename == "\(number).pdf" && attachment.contentType == "application/pdf")
        #expect((attachment.size ?? 0) > 500)

        let refund = try await admin.post(
            "/api/payments/payments/\(payment)/refunds", ["amount": 500, "reason": "goodwill", "goodwill": true],
            headers: ["Idempotency-Key": UUID().uuidString])
        #expect(refund.status == 201)
        let documents = try await user.get("/api/payments/invoices").json["items"] as? [[String: Any]] ?? []
        let credit = try #require(documents.first { $0["kind"] as? String == "credit_note" })
        #expect((credit["number"] as? String)?.hasPrefix("AV-") == true)
        #expect(credit["relatesTo"] as? String == number)
        #expect(credit["total"] as? Int == -500)
    }

    @Test("billing details and e-mail are sealed at rest yet printed on the invoice")
    func personalDataSealed() async throws {
        let admin = try await fixtures.admin()
        let film = try await fixtures.newFilm(admin)
        let (auditorium, seats) = try await fixtures.newAuditorium(admin)
        let screening = try await fixtures.newScreening(admin, film: film, auditorium: auditorium)
        let (user, email) = try await fixtures.newUser()
        let name = "Ada Lovelace \(UUID().uuidString.prefix(6))"
        let held = try await user.post("/api/scheduling/screenings/\(screening)/holds", ["seatIds": [seats[8]]])
        let booking = try #require(held.json["id"] as? String)
        let paid = try await eventually("payments to know the booking") {
            let reply = try await user.post(
                "/api/payments/checkouts",
                [
                    "bookingId": booking, "paymentMethod": "tok_visa",
                    "billing": ["name": name, "address": "12 rue de la Paix, Paris"],
                ], headers: ["Idempotency-Key": UUID().uuidString])
            return reply.json["code"] as? String == "booking-not-ready" ? nil : reply
        }
        #expect(paid.json["status"] as? String == "succeeded")
        let invoice = try #require(
            (try await user.get("/api/payments/invoices").json["items"] as? [[String: Any]])?.first)
        let buyer = invoice["buyer"] as? [String: Any]
        #expect(buyer?["name"] as? String == name)
        #expect(buyer?["email"] as? String == email)

        let connection = try await TestDatabase.connect(as: "payments")
        let rows = try await connection.query(
            """
            SELECT (SELECT count(*) FROM bookings WHERE user_email = \(email)
                      OR position(convert_to(\(email), 'UTF8') IN coalesce(user_email_sealed, '')) > 0)::int,
                   (SELECT count(*) FROM invoices WHERE buyer_email IS NOT NULL
                      OR position(convert_to(\(name), 'UTF8') IN buyer_sealed) > 0)::int,
                   (SELECT count(*) FROM payments WHERE position(convert_to(\(name), 'UTF8') IN billing_sealed) > 0)::int,
                   (SELECT count(*) FROM payments WHERE billing_sealed IS NOT NULL AND booking_id = \(UUID(uuidString: booking)!))::int
            """, logger: Logger(label: "t"))
        var counts = (1, 1, 1, 0)
        for try await row in rows.decode((Int, Int, Int, Int).self) { counts = row }
        try await connection.close()
        #expect(counts.0 == 0 && counts.1 == 0 && counts.2 == 0, "personal data in clear: \(counts)")
        #expect(counts.3 == 1, "the billing details were not stored")
    }
}
