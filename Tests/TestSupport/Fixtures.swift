import Foundation

/// Builds what a scenario needs through the gateway only, as a real client would.
public struct Fixtures: Sendable {
    public init() {}

    public static var adminPassword: String {
        ProcessInfo.processInfo.environment["HS_ADMIN_PASSWORD"] ?? "homestudio-admin"
    }

    public func login(_ email: String, _ password: String) async throws -> APIClient {
        let reply = try await APIClient().post("/api/auth/login", ["email": email, "password": password])
        guard reply.status == 200, let token = reply.json["accessToken"] as? String else {
            throw TestFailure("login of \(email) failed: \(reply.status) \(reply.text)")
        }
        return APIClient(token: token)
    }

    public func admin() async throws -> APIClient {
        try await login("admin@homestudio.local", Self.adminPassword)
    }

    /// A new client account, logged in.
    public func newUser() async throws -> (client: APIClient, email: String) {
        let email = "user-\(UUID().uuidString.prefix(8).lowercased())@example.com"
        let password = "correct horse battery staple"
        let reply = try await APIClient().post(
            "/api/auth/register", ["email": email, "password": password, "displayName": "Test User", "language": "en"])
        guard reply.status == 202 else { throw TestFailure("register failed: \(reply.status) \(reply.text)") }
        return (try await login(email, password), email)
    }

    public func newFilm(_ admin: APIClient, title: String? = nil) async throws -> String {
        let reply = try await admin.post(
            "/api/catalog/films",
            [
                "title": title ?? "Film \(UUID().uuidString.prefix(6))", "runtimeMinutes": 100,
                "synopsis": "A test film.", "status": "published",
            ])
        guard reply.status == 201, let id = reply.json["id"] as? String else {
            throw TestFailure("film creation failed: \(reply.status) \(reply.text)")
        }
        return id
    }

    /// A new cinema with one auditorium, by default of two rows (A: 1–4, aisle, 5–8; B: 1–8);
    /// returns the auditorium id and its seat ids in row order.
    /// The id of the cinema an auditorium belongs to (as `GET /cinemas` lists them).
    public func cinema(of auditorium: String, _ admin: APIClient) async throws -> String {
        let cinemas = try await admin.get("/api/scheduling/cinemas").json["items"] as? [[String: Any]] ?? []
        let cinema = cinemas.first {
            (($0["auditoriums"] as? [[String: Any]]) ?? []).contains { $0["id"] as? String == auditorium }
        }
        guard let id = cinema?["id"] as? String else { throw TestFailure("no cinema lists auditorium \(auditorium)") }
        return id
    }

    public func newAuditorium(_ admin: APIClient, rows: [[String: Any]]? = nil) async throws -> (
        auditorium: String, seats: [String]
    ) {
        let cinema = try await admin.post(
            "/api/scheduling/cinemas", ["name": "Cinema \(UUID().uuidString.prefix(8))", "city": "Lyon"])
        guard cinema.status == 201, let cinemaID = cinema.json["id"] as? String else {
            throw TestFailure("cinema creation failed: \(cinema.status) \(cinema.text)")
        }
        let auditorium = try await admin.post(
            "/api/scheduling/cinemas/\(cinemaID)/auditoriums",
            [
                "name": "Salle 1",
                "rows": rows ?? [["label": "A", "seats": 8, "gapsAfter": [4]], ["label": "B", "seats": 8]],
            ])
        guard auditorium.status == 201, let auditoriumID = auditorium.json["id"] as? String else {
            throw TestFailure("auditorium creation failed: \(auditorium.status) \(auditorium.text)")
        }
        let seats = try await APIClient().get("/api/scheduling/auditoriums/\(auditoriumID)/seats")
        let items = seats.json["items"] as? [[String: Any]] ?? []
        return (auditoriumID, items.compactMap { $0["id"] as? String })
    }

    /// Schedules a screening, waiting for scheduling to learn about the film from catalog's event.
    public func newScreening(_ admin: APIClient, film: String, auditorium: String, startsIn days: Int = 2) async throws
        -> String
    {
        let start = Date.now.addingTimeInterval(Double(days) * 86400).formatted(.iso8601)
        return try await eventually("scheduling to know film \(film)") {
            let reply = try await admin.post(
                "/api/scheduling/screenings",
                ["filmId": film, "auditoriumId": auditorium, "startsAt": start, "priceAmount": 1150, "currency": "EUR"])
            if reply.status == 422 { return nil }
            guard reply.status == 201, let id = reply.json["id"] as? String else {
                throw TestFailure("screening creation failed: \(reply.status) \(reply.text)")
            }
            return id
        }
    }

    /// A new user's paid booking of one seat (11.50 €) of a new screening starting in `hours`;
    /// `confirmed`: waits until scheduling has confirmed it.
    public func paidBooking(startsIn hours: Double = 48, confirmed: Bool = true) async throws -> (
        user: APIClient, booking: String, payment: String
    ) {
        let admin = try await admin()
        let film = try await newFilm(admin)
        let (auditorium, seats) = try await newAuditorium(admin)
        let start = Date.now.addingTimeInterval(hours * 3600).formatted(.iso8601)
        let screening = try await eventually("scheduling to know the film") {
            let reply = try await admin.post(
                "/api/scheduling/screenings",
                ["filmId": film, "auditoriumId": auditorium, "startsAt": start, "priceAmount": 1150, "currency": "EUR"])
            return reply.status == 201 ? reply.json["id"] as? String : nil
        }
        let (user, _) = try await newUser()
        let held = try await user.post("/api/scheduling/screenings/\(screening)/holds", ["seatIds": [seats[8]]])
        guard let booking = held.json["id"] as? String else {
            throw TestFailure("hold failed: \(held.status) \(held.text)")
        }
        let paid = try await checkout(user, booking: booking)
        guard let payment = paid.json["paymentId"] as? String else {
            throw TestFailure("checkout failed: \(paid.status) \(paid.text)")
        }
        if confirmed { _ = try await waitForBooking(user, booking, status: "confirmed") }
        return (user, booking, payment)
    }

    /// Checks out a booking, retrying while payments has not yet received the hold event.
    public func checkout(
        _ user: APIClient, booking: String, method: String = "tok_visa", key: String = UUID().uuidString,
        headers: [String: String] = [:]
    )
        async throws -> APIClient.Reply
    {
        try await eventually(timeout: .seconds(60), "payments to know booking \(booking)") {
            let reply = try await user.post(
                "/api/payments/checkouts", ["bookingId": booking, "paymentMethod": method, "provider": "simulated"],
                headers: headers.merging(["Idempotency-Key": key]) { $1 })
            return reply.status == 409 && (reply.json["code"] as? String) == "booking-not-ready" ? nil : reply
        }
    }

    /// Waits for a booking to reach `status`.
    public func waitForBooking(_ user: APIClient, _ booking: String, status: String, timeout: Duration = .seconds(60))
        async throws -> [String: Any]
    {
        try await eventually(timeout: timeout, "booking \(booking) to be \(status)") {
            let reply = try await user.get("/api/scheduling/bookings/\(booking)")
            return (reply.json["status"] as? String) == status ? reply.json : nil
        }
    }
}
