import Foundation
import TestSupport
import Testing

/// The seller and VAT rate of an invoice are its cinema's (issue 16, item 4): the legal entity
/// set on the cinema, with the rate in force on the day of the sale.
@Suite("Invoice seller", .enabled(if: TestEnvironment.isAvailable))
struct InvoiceSellerTests {
    let fixtures = Fixtures()

    /// Buys one seat at a new cinema and returns the invoice of the payment.
    func invoice(cinema body: [String: Any], price: Int) async throws -> [String: Any] {
        let admin = try await fixtures.admin()
        let film = try await fixtures.newFilm(admin)
        let cinema = try await admin.post("/api/scheduling/cinemas", body)
        let cinemaID = try #require(cinema.json["id"] as? String, "cinema: \(cinema.text)")
        let room = try await admin.post(
            "/api/scheduling/cinemas/\(cinemaID)/auditoriums", ["name": "Salle", "rows": [["label": "A", "seats": 4]]])
        let auditorium = try #require(room.json["id"] as? String)
        let seats = try await APIClient().get("/api/scheduling/auditoriums/\(auditorium)/seats")
        let seat = try #require((seats.json["items"] as? [[String: Any]])?.first?["id"] as? String)
        let start = Date.now.addingTimeInterval(3 * 86400).formatted(.iso8601)
        let screening = try await eventually("scheduling to know the film") {
            let reply = try await admin.post(
                "/api/scheduling/screenings",
                ["filmId": film, "auditoriumId": auditorium, "startsAt": start, "priceAmount": price])
            return reply.status == 201 ? reply.json["id"] as? String : nil
        }
        let (user, _) = try await fixtures.newUser()
        let held = try await user.post("/api/scheduling/screenings/\(screening)/holds", ["seatIds": [seat]])
        let booking = try #require(held.json["id"] as? String)
        let payment = try #require(try await fixtures.checkout(user, booking: booking).json["paymentId"] as? String)
        return try await eventually("the invoice") {
            let mine = try await user.get("/api/payments/invoices").json["items"] as? [[String: Any]] ?? []
            return mine.first { $0["paymentId"] as? String == payment }
        }
    }

    func expectAddsUp(_ invoice: [String: Any]) {
        let total = invoice["total"] as? Int ?? -1
        #expect((invoice["netTotal"] as? Int ?? 0) + (invoice["vatTotal"] as? Int ?? 0) == total)
        let breakdown = invoice["vatBreakdown"] as? [[String: Any]] ?? []
        #expect(breakdown.map { $0["gross"] as? Int ?? 0 }.reduce(0, +) == total)
        for rate in breakdown {
            #expect((rate["net"] as? Int ?? 0) + (rate["vat"] as? Int ?? 0) == rate["gross"] as? Int)
        }
    }

    @Test("a Geneva cinema selling in CHF invoices as its Swiss company at 8.1 %; a French one at 5.5 %")
    func sellerPerCinema() async throws {
        let geneva = try await invoice(
            cinema: [
                "name": "Genève \(UUID().uuidString.prefix(6))", "city": "Genève", "timezone": "Europe/Zurich",
                "currency": "CHF",
                "legalEntity": [
                    "name": "Homestudio Cinémas Suisse SA", "address": "Rue du Rhône 1, 1204 Genève, Suisse",
                    "country": "CH", "vatNumber": "CHE-123.456.789 TVA",
                    "vatRates": [
                        ["ratePermille": 77, "validFrom": "2018-01-01"],
                        ["ratePermille": 81, "validFrom": "2024-01-01"],
                        ["ratePermille": 99, "validFrom": "2099-01-01"],
                    ],
                ],
            ], price: 1600)
        #expect((geneva["seller"] as? [String: Any])?["name"] as? String == "Homestudio Cinémas Suisse SA")
        #expect((geneva["seller"] as? [String: Any])?["vatNumber"] as? String == "CHE-123.456.789 TVA")
        #expect(geneva["currency"] as? String == "CHF")
        #expect(geneva["vatRatePermille"] as? Int == 81)
        #expect(geneva["vatTotal"] as? Int == 120)  // 16.00 / 1.081 = 14.80
        expectAddsUp(geneva)

        let lyon = try await invoice(
            cinema: [
                "name": "Lyon \(UUID().uuidString.prefix(6))", "city": "Lyon",
                "legalEntity": [
                    "name": "Homestudio Lyon SAS", "address": "1 place Bellecour, 69002 Lyon, France", "country": "FR",
                    "vatNumber": "FR12345678901", "vatRates": [["ratePermille": 55, "validFrom": "2014-01-01"]],
                ],
            ], price: 1150)
        #expect((lyon["seller"] as? [String: Any])?["name"] as? String == "Homestudio Lyon SAS")
        #expect(lyon["vatRatePermille"] as? Int == 55)
        #expect(lyon["vatTotal"] as? Int == 60)
        expectAddsUp(lyon)
    }

    @Test("a legal entity with a bad country, rate or date is refused with the field at fault")
    func invalidLegalEntity() async throws {
        let admin = try await fixtures.admin()
        let reply = try await admin.post(
            "/api/scheduling/cinemas",
            [
                "name": "Bad \(UUID().uuidString.prefix(6))", "city": "Nowhere",
                "legalEntity": [
                    "name": "X", "address": "Y", "country": "Suisse", "vatNumber": "Z",
                    "vatRates": [["ratePermille": 5000, "validFrom": "soon"]],
                ],
            ])
        #expect(reply.status == 422)
        let fields = Set((reply.json["errors"] as? [[String: Any]] ?? []).compactMap { $0["field"] as? String })
        #expect(fields.contains("legalEntity.country"))
        #expect(fields.contains("legalEntity.vatRates[0].ratePermille"))
        #expect(fields.contains("legalEntity.vatRates[0].validFrom"))
    }
}
