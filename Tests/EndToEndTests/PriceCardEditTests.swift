import Foundation
import TestSupport
import Testing

/// Editing and retiring price cards (issue 18): new holds take the new rules, money already
/// quoted on a hold never changes, a retired card is not offered to new screenings but goes on
/// pricing the screenings that use it.
@Suite("Price card edits", .enabled(if: TestEnvironment.isAvailable))
struct PriceCardEditTests {
    let fixtures = Fixtures()

    func patch(_ client: APIClient, _ path: String, _ body: [String: Any]) async throws -> APIClient.Reply {
        try await client.send(.PATCH, path, body: try JSONSerialization.data(withJSONObject: body))
    }

    func fields(_ reply: APIClient.Reply) -> [String] {
        (reply.json["errors"] as? [[String: Any]] ?? []).compactMap { $0["field"] as? String }
    }

    func prices(_ reply: APIClient.Reply) -> [Int] {
        (reply.json["seats"] as? [[String: Any]] ?? []).map { $0["price"] as? Int ?? -1 }
    }

    @Test("edit a card: all field errors at once, new holds priced by the new rules, a live hold keeps its price")
    func editAndRetire() async throws {
        let admin = try await fixtures.admin()
        let film = try await fixtures.newFilm(admin)
        let cinema = try await admin.post(
            "/api/scheduling/cinemas", ["name": "Cartes \(UUID().uuidString.prefix(8))", "city": "Nantes"])
        let cinemaID = try #require(cinema.json["id"] as? String)
        let room = try await admin.post(
            "/api/scheduling/cinemas/\(cinemaID)/auditoriums", ["name": "Salle", "rows": [["label": "A", "seats": 6]]])
        let auditorium = try #require(room.json["id"] as? String)
        let seats =
            (try await APIClient().get("/api/scheduling/auditoriums/\(auditorium)/seats").json["items"]
            as? [[String: Any]] ?? []).compactMap { $0["id"] as? String }
        let cards = "/api/scheduling/cinemas/\(cinemaID)/price-cards"
        let created = try await admin.post(
            cards, ["name": "Standard", "rules": [["audience": "adult", "amount": 1000]]])
        #expect(created.status == 201)
        let cardID = try #require(created.json["id"] as? String)
        let card = "\(cards)/\(cardID)"
        let startsAt = Date.now.addingTimeInterval(3 * 86400)
        let screening = try await eventually("scheduling to know the film") {
            let reply = try await admin.post(
                "/api/scheduling/screenings",
                [
                    "filmId": film, "auditoriumId": auditorium, "startsAt": startsAt.formatted(.iso8601),
                    "priceAmount": 900, "priceCardId": cardID,
                ])
            return reply.status == 201 ? reply.json["id"] as? String : nil
        }
        let (user, _) = try await fixtures.newUser()
        let holds = "/api/scheduling/screenings/\(screening)/holds"
        let first = try await user.post(holds, ["seatIds": [seats[0], seats[1]]])
        #expect(first.status == 201)
        #expect(prices(first) == [1000, 1000])
        let firstBooking = try #require(first.json["id"] as? String)

        // Validation: every bad field named in one 422; an empty edit and unknown fields refused.
        let bad = try await patch(
            admin, card,
            [
                "name": " ",
                "rules": [["audience": "robot", "amount": -5], ["audience": "child", "days": [9], "amount": 1]],
            ])
        #expect(bad.status == 422)
        #expect(
            Set(fields(bad)) == ["name", "rules[0].audience", "rules[0].amount", "rules[1].days"])
        #expect(fields(try await patch(admin, card, [:])) == ["body"])
        #expect(fields(try await patch(admin, card, ["colour": "red"])).contains("colour"))
        #expect(try await patch(user, card, ["name": "Mine"]).status == 403)
        #expect(try await patch(APIClient(), card, ["name": "Mine"]).status == 401)
        let elsewhere = "/api/scheduling/cinemas/\(UUID().uuidString)/price-cards/\(cardID)"
        #expect(try await patch(admin, elsewhere, ["name": "Other"]).status == 404)

        // The edit prices new holds; the live hold keeps what it was quoted.
        let edited = try await patch(
            admin, card, ["rules": [["audience": "adult", "amount": 1200], ["audience": "child", "amount": 600]]])
        #expect(edited.status == 200)
        #expect(edited.json["name"] as? String == "Standard")
        #expect((edited.json["rules"] as? [[String: Any]])?.count == 2)
        let second = try await user.post(
            holds, ["seatIds": [seats[2], seats[3]], "audiences": [seats[3]: "child"]])
        #expect(second.status == 201)
        #expect(prices(second) == [1200, 600])
        let kept = try await user.get("/api/scheduling/bookings/\(firstBooking)")
        #expect(kept.json["amount"] as? Int == 2000)
        #expect(try await user.post("/api/scheduling/bookings/\(firstBooking)/extend", [:]).status == 200)
        #expect(try await user.get("/api/scheduling/bookings/\(firstBooking)").json["amount"] as? Int == 2000)

        // Retire: idempotent, no longer offered, its name free again; its screening still priced by it.
        #expect(try await user.post("\(card)/retire", [:]).status == 403)
        let retired = try await admin.post("\(card)/retire", [:])
        #expect(retired.status == 200)
        let retiredAt = try #require(retired.json["retiredAt"] as? String)
        #expect(try await admin.post("\(card)/retire", [:]).json["retiredAt"] as? String == retiredAt)
        let late = try await patch(admin, card, ["name": "Too late"])
        #expect(late.status == 409)
        #expect(late.json["code"] as? String == "price-card-retired")
        let live = try await APIClient().get(cards).json["items"] as? [[String: Any]] ?? []
        #expect(!live.contains { $0["id"] as? String == cardID })
        let old = try await APIClient().get("\(cards)?status=retired").json["items"] as? [[String: Any]] ?? []
        #expect(old.map { $0["id"] as? String } == [cardID])
        #expect(try await APIClient().get("\(cards)?status=gone").status == 422)
        let refused = try await admin.post(
            "/api/scheduling/screenings",
            [
                "filmId": film, "auditoriumId": auditorium, "priceAmount": 900, "priceCardId": cardID,
                "startsAt": startsAt.addingTimeInterval(86400).formatted(.iso8601),
            ])
        #expect(refused.status == 422)
        #expect(fields(refused) == ["priceCardId"])
        let third = try await user.post(holds, ["seatIds": [seats[4], seats[5]]])
        #expect(prices(third) == [1200, 1200])
        let again = try await admin.post(
            cards, ["name": "Standard", "rules": [["audience": "adult", "amount": 1100]]])
        #expect(again.status == 201)
        let twin = try await admin.post(cards, ["name": "Standard", "rules": [["audience": "adult", "amount": 1]]])
        #expect(twin.status == 409)
    }
}
