import Foundation
import TestSupport
import Testing

/// The door check reads the QR payload as scanned (issue 17, API gap 10): `HS1.<code>.<signature>`.
@Suite("Ticket QR payload", .enabled(if: TestEnvironment.isAvailable))
struct TicketPayloadTests {
    let fixtures = Fixtures()

    @Test("POST /tickets/check accepts the QR payload; a forged or malformed one is 422")
    func payloadCheck() async throws {
        let admin = try await fixtures.admin()
        let film = try await fixtures.newFilm(admin)
        let (auditorium, seats) = try await fixtures.newAuditorium(admin)
        let screening = try await fixtures.newScreening(admin, film: film, auditorium: auditorium)
        let (user, _) = try await fixtures.newUser()
        let held = try await user.post("/api/scheduling/screenings/\(screening)/holds", ["seatIds": [seats[9]]])
        let booking = try #require(held.json["id"] as? String)
        _ = try await fixtures.checkout(user, booking: booking)
        let confirmed = try await fixtures.waitForBooking(user, booking, status: "confirmed")
        let ticket = try #require((confirmed["tickets"] as? [[String: Any]])?.first)
        let code = try #require(ticket["code"] as? String)
        let signature = try #require(ticket["signature"] as? String)
        #expect(!code.contains(".") && !signature.contains("."))

        func check(_ body: [String: Any]) async throws -> APIClient.Reply {
            try await admin.post("/api/scheduling/tickets/check", body)
        }
        let valid = try await check(["payload": "HS1.\(code).\(signature)"])
        #expect(valid.status == 200, "\(valid.text)")
        #expect(valid.json["code"] as? String == code)
        #expect(
            valid.json["bookingId"] as? String == booking.uppercased() || valid.json["bookingId"] as? String == booking)
        #expect(try await check(["code": code, "signature": signature]).status == 200)

        let forged = try await check(["payload": "HS1.\(code).\(String(signature.reversed()))"])
        #expect(forged.status == 422)
        #expect((forged.json["errors"] as? [[String: Any]])?.first?["field"] as? String == "signature")
        for bad in ["\(code).\(signature)", "HS2.\(code).\(signature)", "HS1.\(code)", "HS1..\(signature)"] {
            let reply = try await check(["payload": bad])
            #expect(reply.status == 422, "\(bad)")
            #expect((reply.json["errors"] as? [[String: Any]])?.first?["field"] as? String == "payload", "\(bad)")
        }
        #expect(try await check(["payload": "HS1.\(code).\(signature)", "code": code]).status == 422)
        #expect(try await check([:]).status == 422)
        #expect(try await check(["payload": "HS1.ZZZZZZZZZZ.\(signature)"]).status == 404)
        #expect(
            try await user.post("/api/scheduling/tickets/check", ["payload": "HS1.\(code).\(signature)"]).status == 403)
    }
}
