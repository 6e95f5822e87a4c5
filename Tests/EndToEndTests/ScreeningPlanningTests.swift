import Foundation
import TestSupport
import Testing

/// Planning screenings: conflicts at the boundaries (film runtime 100 min + 15 min trailers +
/// 15 min cleaning = 130 min), the dry run, rescheduling and cancellation.
@Suite("Screening planning", .enabled(if: TestEnvironment.isAvailable))
struct ScreeningPlanningTests {
    let fixtures = Fixtures()

    func plan(_ admin: APIClient, _ film: String, _ auditorium: String, at start: Date) async throws -> APIClient.Reply
    {
        try await admin.post(
            "/api/scheduling/screenings",
            [
                "filmId": film, "auditoriumId": auditorium, "startsAt": start.formatted(.iso8601), "priceAmount": 900,
            ])
    }

    func dryRun(_ admin: APIClient, _ film: String, _ auditorium: String, at start: Date) async throws -> [String] {
        let reply = try await admin.post(
            "/api/scheduling/screenings/check",
            ["filmId": film, "auditoriumId": auditorium, "startsAt": start.formatted(.iso8601)])
        #expect(reply.status == 200)
        return (reply.json["conflicts"] as? [[String: Any]] ?? []).compactMap { $0["id"] as? String }
    }

    @Test("touching is allowed; one minute of overlap, or eating into the buffers, is a conflict the dry run lists")
    func boundaries() async throws {
        let admin = try await fixtures.admin()
        let film = try await fixtures.newFilm(admin)
        let (auditorium, _) = try await fixtures.newAuditorium(admin)
        let first = try await fixtures.newScreening(admin, film: film, auditorium: auditorium, startsIn: 3)
        let start = try #require(
            ISO8601DateFormatter().date(
                from: try await APIClient().get("/api/scheduling/screenings/\(first)")
                    .json["startsAt"] as? String ?? ""))
        let minute: TimeInterval = 60

        // 100 min after the start the film is over, but trailers and cleaning (30 min) are not.
        let inBuffers = start.addingTimeInterval(100 * minute)
        #expect(try await dryRun(admin, film, auditorium, at: inBuffers) == [first])
        let refused = try await plan(admin, film, auditorium, at: inBuffers)
        #expect(refused.status == 409)
        #expect(refused.json["code"] as? String == "screening-conflict")

        let oneMinuteEarly = start.addingTimeInterval(129 * minute)
        #expect(try await dryRun(admin, film, auditorium, at: oneMinuteEarly) == [first])
        #expect(try await plan(admin, film, auditorium, at: oneMinuteEarly).status == 409)
        let before = start.addingTimeInterval(-129 * minute)
        #expect(try await dryRun(admin, film, auditorium, at: before) == [first])
        #expect(try await plan(admin, film, auditorium, at: before).status == 409)

        let touching = start.addingTimeInterval(130 * minute)
        #expect(try await dryRun(admin, film, auditorium, at: touching).isEmpty)
        #expect(try await plan(admin, film, auditorium, at: touching).status == 201)
        #expect(try await plan(admin, film, auditorium, at: start.addingTimeInterval(-130 * minute)).status == 201)
    }

    @Test("rescheduling into a busy slot is refused; into a free one it moves the screening")
    func reschedule() async throws {
        let admin = try await fixtures.admin()
        let film = try await fixtures.newFilm(admin)
        let (auditorium, _) = try await fixtures.newAuditorium(admin)
        let first = try await fixtures.newScreening(admin, film: film, auditorium: auditorium, startsIn: 3)
        let second = try await fixtures.newScreening(admin, film: film, auditorium: auditorium, startsIn: 4)
        let firstStart = try #require(
            ISO8601DateFormatter().date(
                from: try await APIClient().get("/api/scheduling/screenings/\(first)")
                    .json["startsAt"] as? String ?? ""))
        let busy = try JSONSerialization.data(withJSONObject: [
            "startsAt": firstStart.addingTimeInterval(3600).formatted(.iso8601)
        ])
        #expect(try await admin.send(.PATCH, "/api/scheduling/screenings/\(second)", body: busy).status == 409)
        let free = firstStart.addingTimeInterval(6 * 3600)
        let moved = try await admin.send(
            .PATCH, "/api/scheduling/screenings/\(second)",
            body: try JSONSerialization.data(withJSONObject: ["startsAt": free.formatted(.iso8601)]))
        #expect(moved.status == 200)
        #expect(moved.json["startsAt"] as? String == free.formatted(.iso8601))
        let (client, _) = try await fixtures.newUser()
        #expect(try await client.send(.PATCH, "/api/scheduling/screenings/\(second)", body: busy).status == 403)
    }

    @Test("cancelling a screening cancels its bookings, refunds the paid one and frees every seat")
    func cancellationCascade() async throws {
        let admin = try await fixtures.admin()
        let film = try await fixtures.newFilm(admin)
        let (auditorium, seats) = try await fixtures.newAuditorium(admin)
        let screening = try await fixtures.newScreening(admin, film: film, auditorium: auditorium)
        let (payer, _) = try await fixtures.newUser()
        let paid = try await payer.post("/api/scheduling/screenings/\(screening)/holds", ["seatIds": [seats[0]]])
        let paidID = try #require(paid.json["id"] as? String)
        let payment = try await fixtures.checkout(payer, booking: paidID)
        #expect(payment.status == 201)
        let paymentID = try #require(payment.json["paymentId"] as? String)
        _ = try await fixtures.waitForBooking(payer, paidID, status: "confirmed")
        let (holder, _) = try await fixtures.newUser()
        let held = try await holder.post("/api/scheduling/screenings/\(screening)/holds", ["seatIds": [seats[8]]])
        let heldID = try #require(held.json["id"] as? String)

        let tap = try await BrokerManagement().tap("scheduling.screening.cancelled")
        let cancelled = try await admin.post("/api/scheduling/screenings/\(screening)/cancel", ["reason": "projector"])
        #expect(cancelled.status == 200)
        #expect(cancelled.json["cancelledBookings"] as? Int == 2)
        #expect(try await admin.post("/api/scheduling/screenings/\(screening)/cancel", [:]).status == 409)

        let event = try await eventually("scheduling.screening.cancelled on the broker") {
            try await BrokerManagement().payloads(tap).first { $0["screeningId"] as? String == screening }
        }
        #expect(event["cancelledBookings"] as? Int == 2)
        #expect(event["reason"] as? String == "projector")
        _ = try await fixtures.waitForBooking(payer, paidID, status: "cancelled")
        _ = try await fixtures.waitForBooking(holder, heldID, status: "cancelled")
        _ = try await eventually("the refund of the paid booking") {
            let reply = try await payer.get("/api/payments/payments/\(paymentID)")
            return reply.json["status"] as? String == "refunded" ? true : nil
        }
        let states = try await APIClient().get("/api/scheduling/screenings/\(screening)/seats").json["items"]
        #expect((states as? [[String: Any]] ?? []).allSatisfy { $0["state"] as? String == "free" })
        #expect(
            try await holder.post("/api/scheduling/screenings/\(screening)/holds", ["seatIds": [seats[3]]]).json["code"]
                as? String == "screening-cancelled")
        // The held booking can no longer be paid (once payments has applied the cancellation).
        let late = try await eventually("payments to refuse the cancelled hold") {
            let reply = try await holder.post(
                "/api/payments/checkouts",
                ["bookingId": heldID, "paymentMethod": "tok_declined", "provider": "simulated"],
                headers: ["Idempotency-Key": UUID().uuidString])
            return reply.status == 409 ? reply : nil
        }
        #expect(late.json["code"] as? String == "hold-expired")
    }
}
