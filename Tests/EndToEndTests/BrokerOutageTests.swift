import Foundation
import TestSupport
import Testing

/// A broker outage delays events; it never loses or duplicates their effect.
/// Runs alone (`swift test --filter BrokerOutage`): it stops and restarts the test broker.
@Suite("BrokerOutage", .serialized, .enabled(if: TestEnvironment.isAvailable))
struct BrokerOutageTests {
    let fixtures = Fixtures()

    @Test("with RabbitMQ stopped a booking can be held; after restart it is paid and confirmed once, with one e-mail")
    func holdDuringOutage() async throws {
        let admin = try await fixtures.admin()
        let title = "Outage \(UUID().uuidString.prefix(6))"
        let film = try await fixtures.newFilm(admin, title: title)
        let (auditorium, seats) = try await fixtures.newAuditorium(admin)
        let screening = try await fixtures.newScreening(admin, film: film, auditorium: auditorium)
        let (user, email) = try await fixtures.newUser()

        try await TestEnvironment.script("rabbitmq", "stop")
        let hold: APIClient.Reply
        do {
            hold = try await user.post(
                "/api/scheduling/screenings/\(screening)/holds", ["seatIds": Array(seats[0...1])])
        } catch {
            try await TestEnvironment.script("rabbitmq", "start")
            throw error
        }
        try await TestEnvironment.script("rabbitmq", "start")
        #expect(hold.status == 201)
        let booking = try #require(hold.json["id"] as? String)

        let payment = try await fixtures.checkout(user, booking: booking)
        #expect(payment.json["status"] as? String == "succeeded")
        let confirmed = try await fixtures.waitForBooking(user, booking, status: "confirmed")
        #expect((confirmed["tickets"] as? [Any])?.count == 2)

        _ = try await eventually(timeout: .seconds(60), "the confirmation e-mail") {
            try await MailCatcher().messages(to: email).first { $0.subject?.contains(title) == true }
        }
        try await Task.sleep(for: .seconds(3))
        #expect(try await MailCatcher().messages(to: email).filter { $0.subject?.contains(title) == true }.count == 1)
        let again = try await user.get("/api/scheduling/bookings/\(booking)")
        #expect((again.json["tickets"] as? [Any])?.count == 2)
    }
}
