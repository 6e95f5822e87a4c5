import Foundation
import TestSupport
import Testing

/// The invoice of a booking in one call (issue 17, API gap 9): `GET /invoices?bookingId=`.
@Suite("Invoice of a booking", .enabled(if: TestEnvironment.isAvailable))
struct BookingInvoiceTests {
    let fixtures = Fixtures()

    @Test("GET /invoices?bookingId= answers that booking's invoice and credit note only")
    func invoiceOfABooking() async throws {
        let admin = try await fixtures.admin()
        let film = try await fixtures.newFilm(admin)
        let (auditorium, seats) = try await fixtures.newAuditorium(admin)
        let screening = try await fixtures.newScreening(admin, film: film, auditorium: auditorium)
        let (user, _) = try await fixtures.newUser()
        var bookings: [String] = []
        var payments: [String] = []
        for seat in [seats[8], seats[12]] {
            let held = try await user.post("/api/scheduling/screenings/\(screening)/holds", ["seatIds": [seat]])
            let booking = try #require(held.json["id"] as? String)
            let paid = try await fixtures.checkout(user, booking: booking)
            #expect(paid.json["status"] as? String == "succeeded", "\(paid.text)")
            bookings.append(booking)
            payments.append(try #require(paid.json["paymentId"] as? String))
        }
        func invoices(_ query: String, as client: APIClient? = nil) async throws -> [[String: Any]] {
            let reply = try await (client ?? user).get("/api/payments/invoices\(query)")
            #expect(reply.status == 200, "\(reply.text)")
            return reply.json["items"] as? [[String: Any]] ?? []
        }
        #expect(try await invoices("").count == 2)
        let first = try await invoices("?bookingId=\(bookings[0])")
        #expect(first.count == 1)
        #expect(first.first?["paymentId"] as? String == payments[0])
        #expect(first.first?["kind"] as? String == "invoice")
        let second = try await invoices("?bookingId=\(bookings[1])")
        #expect(second.map { $0["paymentId"] as? String } == [payments[1]])
        // Another user sees none of them; a malformed id is 422.
        let stranger = try await fixtures.newUser().client
        #expect(try await invoices("?bookingId=\(bookings[0])", as: stranger).isEmpty)
        #expect(try await user.get("/api/payments/invoices?bookingId=nope").status == 422)

        // A refund adds its credit note to the booking's invoices.
        _ = try await fixtures.waitForBooking(user, bookings[0], status: "confirmed")
        #expect(try await user.send(.POST, "/api/scheduling/bookings/\(bookings[0])/cancel", body: nil).status == 202)
        let withCredit = try await eventually("the credit note") {
            let items = try await invoices("?bookingId=\(bookings[0])")
            return items.count == 2 ? items : nil
        }
        #expect(Set(withCredit.compactMap { $0["kind"] as? String }) == ["invoice", "credit_note"])
        #expect(try await invoices("?bookingId=\(bookings[1])").count == 1)
    }
}
