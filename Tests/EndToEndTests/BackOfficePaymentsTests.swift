import Foundation
import TestSupport
import Testing

/// What the back office asks of payments: payments by film, reports by cinema with tickets, promo
/// codes paused and their redemptions, fraud signals reviewed.
@Suite("Back-office payments", .enabled(if: TestEnvironment.isAvailable))
struct BackOfficePaymentsTests {
    let fixtures = Fixtures()

    /// A paid booking of `seats` seats of a new film in a new cinema: (user, film, cinema, booking, payment).
    func sale(seats count: Int = 2) async throws -> (
        user: APIClient, film: String, cinema: String, booking: String, payment: String
    ) {
        let admin = try await fixtures.admin()
        let film = try await fixtures.newFilm(admin, title: "Back office \(UUID().uuidString.prefix(6))")
        let (auditorium, seats) = try await fixtures.newAuditorium(admin)
        let cinema = try await fixtures.cinema(of: auditorium, admin)
        let screening = try await fixtures.newScreening(admin, film: film, auditorium: auditorium)
        let (user, _) = try await fixtures.newUser()
        let held = try await user.post(
            "/api/scheduling/screenings/\(screening)/holds", ["seatIds": Array(seats[2..<(2 + count)])])
        let booking = try #require(held.json["id"] as? String)
        let paid = try await fixtures.checkout(user, booking: booking)
        return (user, film, cinema, booking, try #require(paid.json["paymentId"] as? String))
    }

    @Test("staff find payments by film; reports limited to a cinema echo it and count the tickets")
    func byFilmAndCinema() async throws {
        let admin = try await fixtures.admin()
        let (user, film, cinema, _, payment) = try await sale()
        let found = try await admin.get("/api/payments/payments?filmId=\(film)")
        #expect((found.json["items"] as? [[String: Any]])?.map { $0["id"] as? String } == [payment])
        let none = try await admin.get("/api/payments/payments?filmId=\(UUID().uuidString)")
        #expect((none.json["items"] as? [[String: Any]])?.isEmpty == true)
        #expect(try await admin.get("/api/payments/payments?filmId=nope").status == 422)

        let report = try await eventually("the cinema in the report") {
            let reply = try await admin.get("/api/payments/reports/revenue?by=cinema&cinemaId=\(cinema)")
            return (reply.json["rows"] as? [[Any]])?.isEmpty == false ? reply : nil
        }
        #expect((report.json["cinemaId"] as? String)?.lowercased() == cinema.lowercased())
        let rows = try #require(report.json["rows"] as? [[Any]])
        #expect(rows.count == 1, "only that cinema")
        #expect(rows.first?.dropFirst(2).prefix(3).map { $0 as? Int } == [1, 2, 2300])
        let elsewhere = try await admin.get("/api/payments/reports/revenue?cinemaId=\(UUID().uuidString)")
        #expect((elsewhere.json["rows"] as? [[Any]])?.isEmpty == true)
        #expect(try await user.get("/api/payments/payments?filmId=\(film)").status == 403)
    }

    @Test("a promo code for some cinemas applies in those only; empty rule lists are refused")
    func promoCodeForCinemas() async throws {
        let admin = try await fixtures.admin()
        let film = try await fixtures.newFilm(admin)
        let (auditorium, seats) = try await fixtures.newAuditorium(admin)
        let cinema = try await fixtures.cinema(of: auditorium, admin)
        let here = "HERE-\(UUID().uuidString.prefix(8))"
        let elsewhere = "ELSEWHERE-\(UUID().uuidString.prefix(6))"
        for (code, ids) in [(here, [cinema]), (elsewhere, [UUID().uuidString])] {
            let created = try await admin.post(
                "/api/payments/promo-codes", ["code": code, "kind": "percent", "value": 10, "cinemaIds": ids])
            #expect(created.status == 201)
        }
        let listed = try await admin.get("/api/payments/promo-codes").json["items"] as? [[String: Any]]
        #expect(
            (listed?.first { $0["code"] as? String == here }?["cinemaIds"] as? [String])?.map { $0.lowercased() }
                == [cinema.lowercased()])
        let empty = try await admin.post(
            "/api/payments/promo-codes",
            [
                "code": "EMPTY-\(UUID().uuidString.prefix(6))", "kind": "percent", "value": 5,
                "cinemaIds": [String](),
            ])
        #expect(empty.status == 422)
        #expect(empty.text.contains("cinemaIds"))

        let screening = try await fixtures.newScreening(admin, film: film, auditorium: auditorium)
        let (user, _) = try await fixtures.newUser()
        let held = try await user.post("/api/scheduling/screenings/\(screening)/holds", ["seatIds": [seats[1]]])
        let booking = try #require(held.json["id"] as? String)
        let refused = try await eventually("payments to know the booking") {
            let reply = try await user.post(
                "/api/payments/promo-codes/check", ["code": elsewhere, "bookingId": booking])
            return reply.json["code"] as? String == "booking-not-ready" ? nil : reply
        }
        #expect(refused.status == 422)
        #expect(refused.json["code"] as? String == "promo-code-not-applicable")
        let accepted = try await user.post("/api/payments/promo-codes/check", ["code": here, "bookingId": booking])
        #expect(accepted.status == 200)
        #expect(accepted.json["discount"] as? Int == 115)
    }

    @Test("a paused promo code is refused, then accepted once resumed; its redemptions list the payment")
    func pausedPromoCode() async throws {
        let admin = try await fixtures.admin()
        let code = "PAUSE-\(UUID().uuidString.prefix(8))"
        #expect(
            try await admin.post("/api/payments/promo-codes", ["code": code, "kind": "percent", "value": 10]).status
                == 201)
        let paused = try await admin.post("/api/payments/promo-codes/\(code)/pause", [:])
        #expect(paused.json["status"] as? String == "paused")
        #expect(try await admin.post("/api/payments/promo-codes/\(code)/pause", [:]).status == 200, "idempotent")
        let listed = try await admin.get("/api/payments/promo-codes").json["items"] as? [[String: Any]]
        #expect(listed?.first { $0["code"] as? String == code }?["status"] as? String == "paused")

        let film = try await fixtures.newFilm(admin)
        let (auditorium, seats) = try await fixtures.newAuditorium(admin)
        let screening = try await fixtures.newScreening(admin, film: film, auditorium: auditorium)
        let (user, _) = try await fixtures.newUser()
        let held = try await user.post("/api/scheduling/screenings/\(screening)/holds", ["seatIds": [seats[1]]])
        let booking = try #require(held.json["id"] as? String)
        let refused = try await eventually("payments to know the booking") {
            let reply = try await user.post("/api/payments/promo-codes/check", ["code": code, "bookingId": booking])
            return reply.json["code"] as? String == "booking-not-ready" ? nil : reply
        }
        #expect(refused.status == 422)
        #expect(refused.json["code"] as? String == "promo-code-paused")
        #expect(
            try await admin.post("/api/payments/promo-codes/\(code)/resume", [:]).json["status"] as? String
                == "active")
        let paid = try await user.post(
            "/api/payments/checkouts", ["bookingId": booking, "paymentMethod": "tok_visa", "promoCode": code],
            headers: ["Idempotency-Key": UUID().uuidString])
        let payment = try #require(paid.json["paymentId"] as? String)
        let redemptions = try await admin.get("/api/payments/promo-codes/\(code)/redemptions")
        let items = try #require(redemptions.json["items"] as? [[String: Any]])
        #expect(items.map { $0["paymentId"] as? String } == [payment])
        #expect(items.first?["status"] as? String == "redeemed")
        #expect(items.first?["discount"] as? Int == 115)
        #expect(
            try await admin.get("/api/payments/promo-codes/NOPE-\(UUID().uuidString.prefix(6))/redemptions")
                .status == 404)
        #expect(try await user.post("/api/payments/promo-codes/\(code)/pause", [:]).status == 403)
    }

    @Test("staff review a fraud signal: the decision is kept with the reviewer; the queue filters on it")
    func reviewSignal() async throws {
        let admin = try await fixtures.admin()
        // Three declines by a new buyer raise a signal.
        let film = try await fixtures.newFilm(admin)
        let (auditorium, seats) = try await fixtures.newAuditorium(admin)
        let screening = try await fixtures.newScreening(admin, film: film, auditorium: auditorium)
        let (user, _) = try await fixtures.newUser()
        let held = try await user.post("/api/scheduling/screenings/\(screening)/holds", ["seatIds": [seats[0]]])
        let suspect = try #require(held.json["id"] as? String)
        for _ in 0..<3 { _ = try await fixtures.checkout(user, booking: suspect, method: "tok_declined") }
        _ = try await fixtures.checkout(user, booking: suspect, method: "tok_visa")
        let pending =
            try await admin.get("/api/payments/fraud-signals?reviewed=false").json["items"] as? [[String: Any]]
        let signal = try #require(pending?.first { $0["bookingId"] as? String == suspect })
        let id = try #require(signal["id"] as? String)
        let bad = try await admin.post("/api/payments/fraud-signals/\(id)/review", ["decision": "maybe"])
        #expect(bad.status == 422)
        let reviewed = try await admin.post(
            "/api/payments/fraud-signals/\(id)/review", ["decision": "legitimate", "note": "regular customer"])
        #expect(reviewed.status == 200)
        #expect(reviewed.json["decision"] as? String == "legitimate")
        #expect(reviewed.json["reviewedBy"] is String && reviewed.json["reviewedAt"] is String)
        let done = try await admin.get("/api/payments/fraud-signals?reviewed=true").json["items"] as? [[String: Any]]
        #expect(done?.first { $0["id"] as? String == id }?["note"] as? String == "regular customer")
        let still = try await admin.get("/api/payments/fraud-signals?reviewed=false").json["items"] as? [[String: Any]]
        #expect(still?.contains { $0["id"] as? String == id } == false)
        #expect(try await user.post("/api/payments/fraud-signals/\(id)/review", ["decision": "fraud"]).status == 403)
        #expect(try await admin.get("/api/payments/fraud-signals?reviewed=maybe").status == 422)
    }
}
