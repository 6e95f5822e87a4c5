import Foundation
import TestSupport
import Testing

/// Transaction history and financial reports (JSON and CSV).
@Suite("Payment history and reports", .enabled(if: TestEnvironment.isAvailable))
struct ReportTests {
    let fixtures = Fixtures()

    @Test("a user pages through their payments; staff get revenue by film and cinema, as JSON and as CSV")
    func historyAndReports() async throws {
        let admin = try await fixtures.admin()
        let title = "Report, \"quoted\" \(UUID().uuidString.prefix(6))"
        let film = try await fixtures.newFilm(admin, title: title)
        let (auditorium, seats) = try await fixtures.newAuditorium(admin)
        let screening = try await fixtures.newScreening(admin, film: film, auditorium: auditorium)
        let (user, _) = try await fixtures.newUser()
        let reason = "report test \(UUID().uuidString.prefix(6))"
        var payments: [String] = []
        for seat in [seats[8], seats[9]] {
            let held = try await user.post("/api/scheduling/screenings/\(screening)/holds", ["seatIds": [seat]])
            let booking = try #require(held.json["id"] as? String)
            payments.append(
                try #require(try await fixtures.checkout(user, booking: booking).json["paymentId"] as? String))
        }
        let refund = try await admin.post(
            "/api/payments/payments/\(payments[0])/refunds",
            ["amount": 300, "reason": reason, "goodwill": true],
            headers: ["Idempotency-Key": UUID().uuidString])
        #expect(refund.status == 201)

        let first = try await user.get("/api/payments/me/payments?limit=1")
        let cursor = try #require(first.json["nextCursor"] as? String)
        let second = try await user.get("/api/payments/me/payments?limit=1&cursor=\(cursor)")
        let seen = [first, second].compactMap { ($0.json["items"] as? [[String: Any]])?.first?["id"] as? String }
        #expect(Set(seen) == Set(payments))
        let succeeded =
            try await user.get("/api/payments/me/payments?status=succeeded").json["items"] as? [[String: Any]]
        #expect(succeeded?.map { $0["id"] as? String } == [payments[1]])
        #expect(try await user.get("/api/payments/payments?userId=\(UUID())").status == 403)
        let theirs = try await admin.get("/api/payments/payments?status=partially_refunded&limit=100")
        #expect((theirs.json["items"] as? [[String: Any]])?.contains { $0["id"] as? String == payments[0] } == true)

        let byFilm = try await admin.get("/api/payments/reports/revenue?by=film")
        let row = (byFilm.json["rows"] as? [[Any]])?.first { $0.first as? String == title }
        #expect(row?.first as? String == title)
        #expect(row?.dropFirst().first as? String == "EUR")
        #expect(row?.dropFirst(2).map { $0 as? Int } == [2, 2, 2300, 0, 300, 2000])
        let csv = try await admin.get("/api/payments/reports/revenue?by=film&format=csv")
        #expect(csv.contentType.hasPrefix("text/csv"))
        #expect(csv.text.hasPrefix("film,currency,payments,tickets,gross,discounts,refunds,net\r\n"))
        let quoted = "\"" + title.replacingOccurrences(of: "\"", with: "\"\"") + "\",EUR,2,2,2300,0,300,2000"
        #expect(csv.text.contains(quoted))
        let pdf = try await admin.get("/api/payments/reports/revenue?by=film&format=pdf")
        #expect(pdf.contentType == "application/pdf")
        let printed = try pdfText(pdf.body)
        for expected in ["Revenue by film", "23,00 EUR", "20,00 EUR", "Period:"] {
            #expect(printed.contains(expected), "the PDF report lacks \(expected)")
        }
        let fills = try await admin.get("/api/scheduling/stats/fill-rates?by=film&format=pdf")
        #expect(fills.contentType == "application/pdf")
        #expect(try pdfText(fills.body).contains("fill rates by film"))
        let byCinema = try await admin.get("/api/payments/reports/revenue?by=cinema").json["rows"] as? [[Any]]
        #expect(byCinema?.contains { ($0[0] as? String)?.hasPrefix("Cinema ") == true } == true)
        let refunds = try await admin.get("/api/payments/reports/refunds").json["rows"] as? [[Any]]
        #expect(refunds?.contains { $0[0] as? String == reason && $0[3] as? Int == 300 } == true)
        #expect(try await user.get("/api/payments/reports/revenue").status == 403)
        #expect(try await admin.get("/api/payments/reports/revenue?by=planet").status == 422)
    }

    @Test("revenue by currency has one currency column and integer amounts in minor units, in JSON and CSV")
    func revenueByCurrency() async throws {
        let admin = try await fixtures.admin()
        // Its own payment in euros: on a fresh suite no other test may have paid yet.
        let film = try await fixtures.newFilm(admin, title: "Currency report \(UUID().uuidString.prefix(6))")
        let (auditorium, seats) = try await fixtures.newAuditorium(admin)
        let screening = try await fixtures.newScreening(admin, film: film, auditorium: auditorium)
        let (user, _) = try await fixtures.newUser()
        let held = try await user.post("/api/scheduling/screenings/\(screening)/holds", ["seatIds": [seats[3]]])
        let booking = try #require(held.json["id"] as? String)
        #expect(try await fixtures.checkout(user, booking: booking).json["paymentId"] is String)
        let report = try await admin.get("/api/payments/reports/revenue?by=currency")
        #expect(report.status == 200)
        #expect(
            report.json["columns"] as? [String] == [
                "currency", "payments", "tickets", "gross", "discounts", "refunds", "net",
            ])
        let euros = try #require((report.json["rows"] as? [[Any]])?.first { $0.first as? String == "EUR" })
        #expect(euros.count == 7)
        #expect(euros.dropFirst().allSatisfy { $0 is Int })
        let csv = try await admin.get("/api/payments/reports/revenue?by=currency&format=csv")
        #expect(csv.text.hasPrefix("currency,payments,tickets,gross,discounts,refunds,net\r\n"))
        #expect(csv.text.contains("\r\nEUR,"))
    }

    @Test("unknown values of enumerated parameters are refused with 422 naming the parameter")
    func enumeratedParameters() async throws {
        let admin = try await fixtures.admin()
        for path in [
            "/api/payments/payments?status=bogus", "/api/payments/reports/revenue?format=xlsx",
            "/api/payments/reports/refunds?format=xlsx",
        ] {
            let reply = try await admin.get(path)
            #expect(reply.status == 422, "\(path)")
            let field = (reply.json["errors"] as? [[String: Any]])?.first?["field"] as? String
            #expect(field == (path.contains("status") ? "status" : "format"), "\(path)")
        }
        #expect(try await admin.get("/api/payments/payments?status=refunded").status == 200)
    }

    @Test("every invalid query parameter is named in one 422, in payments and scheduling alike")
    func allQueryProblemsAtOnce() async throws {
        let admin = try await fixtures.admin()
        let cases: [(String, Set<String>)] = [
            ("/api/payments/reports/revenue?by=planet&format=xlsx&from=yesterday", ["by", "format", "from"]),
            ("/api/payments/payments?userId=me&status=bogus&to=soon", ["userId", "status", "to"]),
            ("/api/scheduling/screenings?filmId=x&cinemaId=y&date=tomorrow", ["filmId", "cinemaId", "date"]),
            ("/api/scheduling/stats/fill-rates?by=planet&format=xlsx&cinemaId=z", ["by", "format", "cinemaId"]),
        ]
        for (path, fields) in cases {
            let reply = try await admin.get(path)
            #expect(reply.status == 422, "\(path)")
            let named = (reply.json["errors"] as? [[String: Any]])?.compactMap { $0["field"] as? String } ?? []
            #expect(Set(named) == fields, "\(path)")
        }
    }
}
