import Foundation
import TestSupport
import Testing

/// Indicative prices in the customer's currency; the cinema is paid in its own.
@Suite("Currencies", .serialized, .enabled(if: TestEnvironment.isAvailable))
struct CurrencyTests {
    let fixtures = Fixtures()

    @Test("staff set a rate; anyone converts; a checkout stores presentment and settlement currencies")
    func presentment() async throws {
        let admin = try await fixtures.admin()
        let rate = try JSONSerialization.data(withJSONObject: ["rate": 1.08])
        #expect(try await admin.send(.PUT, "/api/payments/rates/EUR/USD", body: rate).status == 204)
        let (user, _) = try await fixtures.newUser()
        #expect(try await user.send(.PUT, "/api/payments/rates/EUR/USD", body: rate).status == 403)
        let conversion = try await APIClient().get("/api/payments/rates/convert?amount=1150&from=EUR&to=USD")
        #expect(conversion.json["converted"] as? Int == 1242)
        #expect(conversion.json["indicative"] as? Bool == true)
        let back = try await APIClient().get("/api/payments/rates/convert?amount=1242&from=USD&to=EUR")
        #expect(back.json["converted"] as? Int == 1150)
        #expect(try await APIClient().get("/api/payments/rates/convert?amount=1&from=EUR&to=XTS").status == 404)
        #expect(try await APIClient().get("/api/payments/rates/convert?amount=1&from=EURO&to=USD").status == 422)

        let film = try await fixtures.newFilm(admin)
        let (auditorium, seats) = try await fixtures.newAuditorium(admin)
        let screening = try await fixtures.newScreening(admin, film: film, auditorium: auditorium)
        let held = try await user.post("/api/scheduling/screenings/\(screening)/holds", ["seatIds": [seats[8]]])
        let booking = try #require(held.json["id"] as? String)
        let paid = try await eventually("payments to know the booking") {
            let reply = try await user.post(
                "/api/payments/checkouts",
                ["bookingId": booking, "paymentMethod": "tok_visa", "displayCurrency": "USD"],
                headers: ["Idempotency-Key": UUID().uuidString])
            return reply.json["code"] as? String == "booking-not-ready" ? nil : reply
        }
        #expect(paid.json["amount"] as? Int == 1150)
        #expect(paid.json["currency"] as? String == "EUR")
        let presentment = paid.json["presentment"] as? [String: Any]
        #expect(presentment?["currency"] as? String == "USD")
        #expect(presentment?["amount"] as? Int == 1242)
        #expect(presentment?["settlementCurrency"] as? String == "EUR")
    }

    @Test("each cinema sells in its currency: screenings take it, another one is refused")
    func cinemaCurrency() async throws {
        let admin = try await fixtures.admin()
        let film = try await fixtures.newFilm(admin)
        let cinema = try await admin.post(
            "/api/scheduling/cinemas",
            ["name": "Genève \(UUID().uuidString.prefix(6))", "city": "Genève", "currency": "CHF"])
        let cinemaID = try #require(cinema.json["id"] as? String)
        let room = try await admin.post(
            "/api/scheduling/cinemas/\(cinemaID)/auditoriums", ["name": "Salle", "rows": [["label": "A", "seats": 4]]])
        let auditorium = try #require(room.json["id"] as? String)
        let start = Date.now.addingTimeInterval(3 * 86400).formatted(.iso8601)
        let screening = try await eventually("scheduling to know the film") {
            let reply = try await admin.post(
                "/api/scheduling/screenings",
                ["filmId": film, "auditoriumId": auditorium, "startsAt": start, "priceAmount": 1600])
            return reply.status == 201 ? reply.json["id"] as? String : nil
        }
        #expect(
            try await APIClient().get("/api/scheduling/screenings/\(screening)").json["currency"] as? String == "CHF")
        let euros = try await admin.post(
            "/api/scheduling/screenings",
            [
                "filmId": film, "auditoriumId": auditorium, "priceAmount": 1600, "currency": "EUR",
                "startsAt": Date.now.addingTimeInterval(4 * 86400).formatted(.iso8601),
            ])
        #expect(euros.status == 422)
        #expect((euros.json["errors"] as? [[String: Any]])?.first?["field"] as? String == "currency")
    }
}
