import Foundation
import Logging
import PostgresNIO
import TestSupport
import Testing

/// The walking skeleton's journey, through the gateway only, against the running suite
/// (real PostgreSQL, RabbitMQ and SMTP).
@Suite("Booking journey", .enabled(if: TestEnvironment.isAvailable))
struct BookingJourneyTests {
    let fixtures = Fixtures()

    @Test("register, log in, hold two seats, pay, get the booking confirmed and the e-mail")
    func journey() async throws {
        let admin = try await fixtures.admin()
        let title = "Journey \(UUID().uuidString.prefix(6))"
        let film = try await fixtures.newFilm(admin, title: title)
        let (auditorium, seats) = try await fixtures.newAuditorium(admin)
        let screening = try await fixtures.newScreening(admin, film: film, auditorium: auditorium)
        let (user, email) = try await fixtures.newUser()

        let hold = try await user.post(
            "/api/scheduling/screenings/\(screening)/holds", ["seatIds": Array(seats[2...3])])
        #expect(hold.status == 201)
        let booking = try #require(hold.json["id"] as? String)
        #expect(hold.json["status"] as? String == "held")
        #expect(hold.json["amount"] as? Int == 2300)

        let seatMap = try await APIClient().get("/api/scheduling/screenings/\(screening)/seats")
        let states = (seatMap.json["items"] as? [[String: Any]] ?? []).filter { $0["state"] as? String == "held" }
        #expect(states.count == 2)

        let payment = try await fixtures.checkout(user, booking: booking)
        #expect(payment.status == 201)
        #expect(payment.json["status"] as? String == "succeeded")
        #expect(payment.json["amount"] as? Int == 2300)

        let confirmed = try await fixtures.waitForBooking(user, booking, status: "confirmed")
        let tickets = confirmed["tickets"] as? [[String: Any]] ?? []
        #expect(tickets.count == 2)
        #expect(Set(tickets.compactMap { $0["code"] as? String }).count == 2)

        let mail = try await eventually("the confirmation e-mail") {
            try await MailCatcher().messages(to: email).first { $0.subject?.contains(title) == true }
        }
        #expect(mail.text?.contains(tickets.first?["code"] as? String ?? "?") == true)
        #expect(mail.html?.contains(title) == true)
        // The e-ticket travels as a PDF attachment over real SMTP (aiosmtpd).
        let eTicket = try #require(mail.attachments?.first { $0.contentType == "application/pdf" })
        #expect(eTicket.filename?.hasPrefix("e-ticket-") == true)
        #expect((eTicket.size ?? 0) > 500)
        // A reminder waits for two hours before the screening.
        let db = try await TestDatabase.connect(as: "notifications")
        let reminders = try await db.query(
            """
            SELECT count(*)::int FROM deliveries WHERE booking_id = \(UUID(uuidString: booking)!)
              AND event_type = 'notifications.reminder' AND status = 'pending' AND next_attempt_at > now() + interval '1 day'
            """, logger: .init(label: "test"))
        var pending = 0
        for try await count in reminders.decode(Int.self) { pending = count }
        #expect(pending >= 1)
        try await db.close()

        let mine = try await user.get("/api/scheduling/me/bookings")
        let ids = (mine.json["items"] as? [[String: Any]] ?? []).compactMap { $0["id"] as? String }
        #expect(ids.contains(booking))

        let metrics = try await APIClient(baseURL: TestEnvironment.internalURL("scheduling")).get("/metrics").text
        for name in [
            "events_published_total", "events_consumed_total", "outbox_backlog", "http_server_request_duration",
        ] {
            #expect(metrics.contains(name), "scheduling's /metrics lacks \(name)")
        }
    }

    @Test("a declined card fails the payment and leaves the booking held")
    func declinedCard() async throws {
        let admin = try await fixtures.admin()
        let film = try await fixtures.newFilm(admin)
        let (auditorium, seats) = try await fixtures.newAuditorium(admin)
        let screening = try await fixtures.newScreening(admin, film: film, auditorium: auditorium)
        let (user, _) = try await fixtures.newUser()
        let hold = try await user.post("/api/scheduling/screenings/\(screening)/holds", ["seatIds": [seats[0]]])
        let booking = try #require(hold.json["id"] as? String)
        let payment = try await fixtures.checkout(user, booking: booking, method: "tok_declined")
        #expect(payment.status == 201)
        #expect(payment.json["status"] as? String == "failed")
        #expect(payment.json["failureReason"] as? String == "card_declined")
        let again = try await user.get("/api/scheduling/bookings/\(booking)")
        #expect(again.json["status"] as? String == "held")
    }

    @Test("3-D Secure: requires_action with a next action, then confirmation completes the booking")
    func threeDSecure() async throws {
        let admin = try await fixtures.admin()
        let film = try await fixtures.newFilm(admin)
        let (auditorium, seats) = try await fixtures.newAuditorium(admin)
        let screening = try await fixtures.newScreening(admin, film: film, auditorium: auditorium)
        let (user, _) = try await fixtures.newUser()
        let hold = try await user.post("/api/scheduling/screenings/\(screening)/holds", ["seatIds": [seats[5]]])
        let booking = try #require(hold.json["id"] as? String)
        let payment = try await fixtures.checkout(user, booking: booking, method: "tok_3ds")
        #expect(payment.json["status"] as? String == "requires_action")
        #expect((payment.json["nextAction"] as? [String: Any])?["url"] != nil)
        let paymentID = try #require(payment.json["paymentId"] as? String)
        let confirm = try await user.send(.POST, "/api/payments/payments/\(paymentID)/confirm", body: nil)
        #expect(confirm.status == 200)
        #expect(confirm.json["status"] as? String == "succeeded")
        _ = try await fixtures.waitForBooking(user, booking, status: "confirmed")
    }
}
