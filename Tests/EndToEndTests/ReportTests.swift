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
        var payments: [String] = []
        for seat in [seats[8], seats[9]] {
            let held = try await user.post("/api/scheduling/screenings/\(screening)/holds", ["seatIds": [seat]])
            let booking = try #require(held.json["id"] as? String)
            payments.append(
                try #require(try await fixtures.checkout(user, booking: booking).json["paymentId"] as? String))
        }
        let refund = try await admin.post(
            "/api/payments/payments/\(payments[0])/refunds",
            ["amount": 300, "reason": "report test", "goodwill": true],
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
        let row = (byFilm.json["rows"] as? [[String]])?.first { $0.first == title }
        #expect(row == [title, "EUR", "2", "2300", "0", "300", "2000"])
        let csv = try await admin.get("/api/payments/reports/revenue?by=film&format=csv")
        #expect(csv.contentType.hasPrefix("text/csv"))
        #expect(csv.text.hasPrefix("film,currency,payments,gross,discounts,refunds,net\r\n"))
        let quoted = "\"" + title.replacingOccurrences(of: "\"", with: "\"\"") + "\",EUR,2,2300,0,300,2000"
        #expect(csv.text.contains(quoted))
        let byCinema = try await admin.get("/api/payments/reports/revenue?by=cinema").json["rows"] as? [[String]]
        #expect(byCinema?.contains { $0[0].hasPrefix("Cinema ") } == true)
        let refunds = try await admin.get("/api/payments/reports/refunds").json["rows"] as? [[String]]
        #expect(refunds?.contains { $0[0] == "report test" && $0[3] == "300" } == true)
        #expect(try await user.get("/api/payments/reports/revenue").status == 403)
        #expect(try await admin.get("/api/payments/reports/revenue?by=planet").status == 422)
    }
}
