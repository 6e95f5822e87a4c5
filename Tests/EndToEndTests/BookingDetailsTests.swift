import Foundation
import TestSupport
import Testing

/// A booking says what a client shows without another request (issue 17, API gaps 4, 5 and 7): its
/// screening (film, start, cinema, auditorium, time zone), until when it can be cancelled, whether
/// the hold's one extension was used; payments quotes the refund a cancellation would bring.
@Suite("Booking details", .enabled(if: TestEnvironment.isAvailable))
struct BookingDetailsTests {
    let fixtures = Fixtures()

    func date(_ value: Any?) throws -> Date {
        try #require((value as? String).flatMap { try? Date.ISO8601FormatStyle().parse($0) }, "\(value ?? "nil")")
    }

    @Test("a booking embeds its screening, cancellableUntil and extended; the quote is the refund less the fee")
    func bookingDetails() async throws {
        let admin = try await fixtures.admin()
        let title = "Details \(UUID().uuidString.prefix(8))"
        let film = try await fixtures.newFilm(admin, title: title)
        let (auditorium, seats) = try await fixtures.newAuditorium(admin)
        let screeningID = try await fixtures.newScreening(admin, film: film, auditorium: auditorium)
        let screening = try await APIClient().get("/api/scheduling/screenings/\(screeningID)").json
        let (user, _) = try await fixtures.newUser()
        let held = try await user.post("/api/scheduling/screenings/\(screeningID)/holds", ["seatIds": [seats[8]]])
        #expect(held.status == 201, "\(held.text)")
        let booking = try #require(held.json["id"] as? String)

        for key in [
            "filmId", "filmTitle", "startsAt", "endsAt", "cinemaId", "cinemaName", "auditoriumName", "timezone",
        ] {
            #expect(held.json[key] as? String == screening[key] as? String, "\(key)")
        }
        #expect(held.json["filmTitle"] as? String == title)
        #expect(held.json["auditoriumName"] as? String == "Salle 1")
        #expect(held.json["extended"] as? Bool == false)
        let startsAt = try date(screening["startsAt"])
        #expect(try date(held.json["cancellableUntil"]) == startsAt.addingTimeInterval(-120 * 60))

        #expect(try await user.post("/api/scheduling/bookings/\(booking)/extend", [:]).status == 200)
        #expect(try await user.get("/api/scheduling/bookings/\(booking)").json["extended"] as? Bool == true)

        // No paid payment yet: nothing to quote.
        let early = try await user.get("/api/payments/cancellation-quote?bookingId=\(booking)")
        #expect(early.status == 404, "\(early.text)")

        let paid = try await fixtures.checkout(user, booking: booking)
        #expect(paid.json["status"] as? String == "succeeded", "\(paid.text)")
        _ = try await fixtures.waitForBooking(user, booking, status: "confirmed")
        let mine = try await user.get("/api/scheduling/me/bookings").json["items"] as? [[String: Any]] ?? []
        let listed = try #require(mine.first { $0["id"] as? String == booking })
        #expect(listed["filmTitle"] as? String == title)
        #expect(listed["cinemaName"] as? String == screening["cinemaName"] as? String)
        #expect(listed["extended"] as? Bool == true)
        #expect(listed["cancellableUntil"] as? String == held.json["cancellableUntil"] as? String)

        let quote = try await user.get("/api/payments/cancellation-quote?bookingId=\(booking)")
        #expect(quote.status == 200, "\(quote.text)")
        #expect(quote.json["paid"] as? Int == 1150)
        #expect(quote.json["refunded"] as? Int == 0)
        #expect(quote.json["feePercent"] as? Int == 10)
        #expect(quote.json["fee"] as? Int == 115)
        #expect(quote.json["refund"] as? Int == 1035)
        #expect(quote.json["currency"] as? String == "EUR")
        #expect(quote.json["paymentId"] as? String == paid.json["paymentId"] as? String)
        let stranger = try await fixtures.newUser().client
        #expect(try await stranger.get("/api/payments/cancellation-quote?bookingId=\(booking)").status == 404)
        for bad in ["", "?bookingId=nope"] {
            #expect(try await user.get("/api/payments/cancellation-quote\(bad)").status == 422, "\(bad)")
        }

        // The quote is what the cancellation refunds.
        #expect(try await user.send(.POST, "/api/scheduling/bookings/\(booking)/cancel", body: nil).status == 202)
        _ = try await fixtures.waitForBooking(user, booking, status: "cancelled")
        let payment = try #require(paid.json["paymentId"] as? String)
        let refunded = try await eventually("the refund") {
            let reply = try await user.get("/api/payments/payments/\(payment)")
            return reply.json["status"] as? String == "refunded" ? reply : nil
        }
        #expect(refunded.json["status"] as? String == "refunded")
        #expect(try await user.get("/api/payments/cancellation-quote?bookingId=\(booking)").status == 404)
    }
}
