import AsyncHTTPClient
import Foundation
import TestSupport
import Testing

/// Choosing seats: the orphan-seat rule, best available, hold extension and release, and the
/// live seat map. The test room has row A (1–4, aisle, 5–8) and row B (1–8); `seats` lists
/// A1…A8 then B1…B8.
@Suite("Seat selection", .enabled(if: TestEnvironment.isAvailable))
struct SeatSelectionTests {
    let fixtures = Fixtures()

    func screening(rows: [[String: Any]]? = nil) async throws -> (screening: String, seats: [String]) {
        let admin = try await fixtures.admin()
        let film = try await fixtures.newFilm(admin)
        let (auditorium, seats) = try await fixtures.newAuditorium(admin, rows: rows)
        return (try await fixtures.newScreening(admin, film: film, auditorium: auditorium), seats)
    }

    func hold(_ user: APIClient, _ screening: String, _ seats: [String]) async throws -> APIClient.Reply {
        try await user.post("/api/scheduling/screenings/\(screening)/holds", ["seatIds": seats])
    }

    @Test("a selection that leaves one seat alone between taken seats is refused with the seat named")
    func orphanSeat() async throws {
        let (screening, seats) = try await screening()
        let (user, _) = try await fixtures.newUser()
        #expect(try await hold(user, screening, [seats[0]]).status == 201)
        let refused = try await hold(user, screening, [seats[2]])
        #expect(refused.status == 422)
        #expect(refused.json["code"] as? String == "orphan-seat")
        #expect((refused.json["detail"] as? String)?.contains("A2") == true)
        #expect(try await hold(user, screening, [seats[1], seats[2]]).status == 201)
        // A4 next to the aisle: leaving it free is fine, the aisle is not a taken seat.
        #expect(try await hold(user, screening, [seats[4], seats[5]]).status == 201)
    }

    @Test("best available picks seats side by side near the middle, and pairs wheelchair with companion")
    func bestAvailable() async throws {
        let rows: [[String: Any]] = [
            ["label": "A", "seats": 6, "kinds": ["1": "wheelchair", "2": "companion"]], ["label": "B", "seats": 8],
        ]
        let (screening, _) = try await screening(rows: rows)
        let path = "/api/scheduling/screenings/\(screening)/best-available"
        let two = try await APIClient().get("\(path)?seats=2").json["items"] as? [[String: Any]] ?? []
        #expect(two.map { "\($0["row"] ?? "")\($0["number"] ?? "")" } == ["B4", "B5"])
        let accessible = try await APIClient().get("\(path)?seats=2&wheelchair=true").json["items"] as? [[String: Any]]
        #expect((accessible ?? []).map { $0["kind"] as? String ?? "" } == ["wheelchair", "companion"])
        let wide = try await APIClient().get("\(path)?seats=7").json["items"] as? [[String: Any]] ?? []
        #expect(wide.count == 7 && wide.allSatisfy { $0["row"] as? String == "B" })
        #expect(try await APIClient().get("\(path)?seats=9").status == 409)
        #expect(try await APIClient().get("\(path)?seats=0").status == 422)
    }

    @Test("a hold can be extended once, only by its owner, and released to free its seats")
    func extendAndRelease() async throws {
        let (screening, seats) = try await screening()
        let (user, _) = try await fixtures.newUser()
        let held = try await hold(user, screening, [seats[8], seats[9]])
        let booking = try #require(held.json["id"] as? String)
        let formatter = ISO8601DateFormatter()
        let before = try #require(formatter.date(from: held.json["expiresAt"] as? String ?? ""))
        let (other, _) = try await fixtures.newUser()
        #expect(try await other.post("/api/scheduling/bookings/\(booking)/extend", [:]).status == 404)

        let extended = try await user.post("/api/scheduling/bookings/\(booking)/extend", [:])
        #expect(extended.status == 200)
        let after = try #require(formatter.date(from: extended.json["expiresAt"] as? String ?? ""))
        #expect(abs(after.timeIntervalSince(before) - 300) < 2)
        let again = try await user.post("/api/scheduling/bookings/\(booking)/extend", [:])
        #expect(again.status == 409)
        #expect(again.json["code"] as? String == "hold-already-extended")

        #expect(try await user.send(.POST, "/api/scheduling/bookings/\(booking)/release", body: nil).status == 204)
        _ = try await fixtures.waitForBooking(user, booking, status: "expired")
        #expect(try await hold(other, screening, [seats[8], seats[9]]).status == 201)
        #expect(try await user.send(.POST, "/api/scheduling/bookings/\(booking)/release", body: nil).status == 409)
    }

    @Test("a server-sent-event client following the seat map through the gateway sees a hold appear")
    func liveSeatMap() async throws {
        let (screening, seats) = try await screening()
        let (user, _) = try await fixtures.newUser()
        let request = HTTPClientRequest(
            url: "\(TestEnvironment.gatewayURL)/api/scheduling/screenings/\(screening)/seats/live")
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(30))
        #expect(response.status == .ok)
        #expect(response.headers.first(name: "content-type") == "text/event-stream")
        let states = try await withThrowingTaskGroup(of: [String]?.self) { group in
            group.addTask {
                var text = ""
                var snapshots = 0
                for try await chunk in response.body {
                    text += String(buffer: chunk)
                    while let end = text.range(of: "\n\n") {
                        let event = String(text[..<end.lowerBound])
                        text.removeSubrange(..<end.upperBound)
                        guard let data = event.split(separator: "\n").first(where: { $0.hasPrefix("data: ") }) else {
                            continue
                        }
                        let json = try JSONSerialization.jsonObject(with: Data(data.dropFirst(6).utf8))
                        let items = (json as? [String: Any])?["items"] as? [[String: Any]] ?? []
                        let states = items.map { $0["state"] as? String ?? "" }
                        snapshots += 1
                        if snapshots == 1 {
                            #expect(states.allSatisfy { $0 == "free" })
                            _ = try await hold(user, screening, [seats[10], seats[11]])
                        } else if states.filter({ $0 == "held" }).count == 2 {
                            return states
                        }
                    }
                }
                return nil
            }
            group.addTask {
                try await Task.sleep(for: .seconds(20))
                return nil
            }
            let first = try await group.next() ?? nil
            group.cancelAll()
            return first
        }
        let received = try #require(states, "no seat-map event showed the hold within 20 s")
        #expect(received[10] == "held" && received[11] == "held")
    }
}

/// Prices from a cinema's price card, per seat kind, audience and day.
@Suite("Price cards", .enabled(if: TestEnvironment.isAvailable))
struct PriceCardTests {
    let fixtures = Fixtures()

    @Test("a hold is priced seat by seat from the screening's price card; an audience without a price is refused")
    func pricedHold() async throws {
        let admin = try await fixtures.admin()
        let film = try await fixtures.newFilm(admin)
        let cinema = try await admin.post(
            "/api/scheduling/cinemas", ["name": "Tarifs \(UUID().uuidString.prefix(8))", "city": "Lille"])
        let cinemaID = try #require(cinema.json["id"] as? String)
        let room = try await admin.post(
            "/api/scheduling/cinemas/\(cinemaID)/auditoriums",
            ["name": "Salle", "rows": [["label": "A", "seats": 4, "kinds": ["4": "premium"]]]])
        let auditorium = try #require(room.json["id"] as? String)
        let seats =
            (try await APIClient().get("/api/scheduling/auditoriums/\(auditorium)/seats").json["items"]
            as? [[String: Any]] ?? []).compactMap { $0["id"] as? String }
        let startsAt = Date.now.addingTimeInterval(2 * 86400)
        var paris = Calendar(identifier: .iso8601)
        paris.timeZone = TimeZone(identifier: "Europe/Paris")!
        let weekday = (paris.component(.weekday, from: startsAt) + 5) % 7 + 1  // Sunday 1 → ISO 7

        let bad = try await admin.post(
            "/api/scheduling/cinemas/\(cinemaID)/price-cards",
            ["name": "Bad", "rules": [["audience": "robot", "amount": 100]]])
        #expect(bad.status == 422)
        let card = try await admin.post(
            "/api/scheduling/cinemas/\(cinemaID)/price-cards",
            [
                "name": "Standard",
                "rules": [
                    ["audience": "adult", "amount": 1000], ["audience": "child", "amount": 700],
                    ["audience": "adult", "seatKind": "premium", "amount": 1400],
                    ["audience": "adult", "seatKind": "standard", "days": [weekday], "amount": 850],
                ],
            ])
        #expect(card.status == 201)
        let cardID = try #require(card.json["id"] as? String)
        let screening = try await eventually("scheduling to know the film") {
            let reply = try await admin.post(
                "/api/scheduling/screenings",
                [
                    "filmId": film, "auditoriumId": auditorium, "startsAt": startsAt.formatted(.iso8601),
                    "priceAmount": 1100, "priceCardId": cardID, "version": "VOSTFR", "audioLanguage": "en",
                    "subtitleLanguage": "fr",
                ])
            return reply.status == 201 ? reply.json["id"] as? String : nil
        }
        let shown = try await APIClient().get("/api/scheduling/screenings/\(screening)").json
        #expect(shown["audioLanguage"] as? String == "en")
        #expect(shown["subtitleLanguage"] as? String == "fr")
        #expect(shown["priceCardId"] as? String == cardID)
        let english = try await admin.post(
            "/api/scheduling/screenings",
            [
                "filmId": film, "auditoriumId": auditorium, "priceAmount": 900, "audioLanguage": "english",
                "startsAt": startsAt.addingTimeInterval(86400).formatted(.iso8601),
            ])
        #expect((english.json["errors"] as? [[String: Any]])?.first?["field"] as? String == "audioLanguage")
        let (user, _) = try await fixtures.newUser()
        let path = "/api/scheduling/screenings/\(screening)/holds"
        let senior = try await user.post(path, ["seatIds": [seats[0]], "audiences": [seats[0]: "senior"]])
        #expect(senior.status == 422)
        #expect((senior.json["errors"] as? [[String: Any]])?.first?["field"] as? String == "audiences")

        let held = try await user.post(path, ["seatIds": seats, "audiences": [seats[1]: "child"]])
        #expect(held.status == 201)
        let prices = (held.json["seats"] as? [[String: Any]] ?? []).map { $0["price"] as? Int ?? -1 }
        #expect(prices == [850, 700, 850, 1400])
        #expect(held.json["amount"] as? Int == 3800)
        #expect((held.json["seats"] as? [[String: Any]])?[1]["audience"] as? String == "child")
    }
}
