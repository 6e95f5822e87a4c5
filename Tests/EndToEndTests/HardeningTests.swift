import Foundation
import TestSupport
import Testing

/// Odd input never answers 500, and one trace id follows a booking through every service.
@Suite("Hardening", .enabled(if: TestEnvironment.isAvailable))
struct HardeningTests {
    let fixtures = Fixtures()

    /// Fields named by a 422 problem answer.
    func invalidFields(_ reply: APIClient.Reply) -> [String] {
        (reply.json["errors"] as? [[String: Any]] ?? []).compactMap { $0["field"] as? String }
    }

    @Test("a NUL character in JSON fields and query parameters is a 422 naming the field, in every service")
    func nulCharacters() async throws {
        let anonymous = APIClient()
        let nul = "a\u{0}b@example.com"
        let register = try await anonymous.post(
            "/api/auth/register", ["email": nul, "password": "correct horse battery staple", "displayName": "N"])
        #expect(register.status == 422)
        #expect(invalidFields(register) == ["email"])
        let login = try await anonymous.post("/api/auth/login", ["email": nul, "password": "whatever it is"])
        #expect(login.status == 422)
        #expect(invalidFields(login) == ["email"])
        let reset = try await anonymous.post("/api/auth/password-reset", ["email": nul])
        #expect(reset.status == 422)
        let search = try await anonymous.get("/api/catalog/films?q=a%00b")
        #expect(search.status == 422)
        #expect(invalidFields(search) == ["q"])
        #expect(search.contentType.hasPrefix("application/problem+json"))

        let admin = try await fixtures.admin()
        let film = try await admin.post("/api/catalog/films", ["title": "Nul\u{0}Film", "runtimeMinutes": 90])
        #expect(film.status == 422)
        #expect(invalidFields(film) == ["title"])
        let (user, _) = try await fixtures.newUser()
        for path in [
            "/api/scheduling/screenings?cinemaId=%00", "/api/payments/payments?status=%00",
            "/api/notifications/feed?cursor=%00",
        ] {
            let reply = try await user.get(path)
            #expect(reply.status == 422, "\(path)")
        }
    }

    /// What no HTTP client library sends, over a socket: a control character in a header value,
    /// a chunk size that is not hexadecimal, a header name with a space. Each is a 400 problem+json
    /// that says what is wrong, then the connection closes; a good request pipelined before it
    /// still gets its own answer first.
    @Test("a request that is not valid HTTP/1.1 is a 400 problem+json from the gateway and every service")
    func malformedHTTP() async throws {
        let targets = ["gateway": TestEnvironment.gatewayURL].merging(
            ["auth", "catalog", "scheduling", "payments", "notifications"].map { ($0, TestEnvironment.serviceURL($0)) }
        ) { first, _ in first }
        let malformed = [
            "GET /openapi.json HTTP/1.1\r\nHost: x\r\nX-Device-Token: a\u{7F}b\r\n\r\n",
            "POST /openapi.json HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\nab\r\n0\r\n\r\n",
            "GET /openapi.json HTTP/1.1\r\nHost: x\r\nBad Name: y\r\n\r\n",
        ]
        for (name, url) in targets.sorted(by: { $0.key < $1.key }) {
            let port = try #require(URLComponents(string: url)?.port)
            for raw in malformed {
                // A bad body comes after a good head: that request may be answered first.
                let reply = try await RawHTTP.exchange(port: port, raw)
                let last = reply.ranges(of: "HTTP/1.1 ").last.map { String(reply[$0.lowerBound...]) } ?? ""
                #expect(last.hasPrefix("HTTP/1.1 400 "), "\(name): \(reply.prefix(300))")
                #expect(last.lowercased().contains("content-type: application/problem+json"), "\(name): \(last)")
                #expect(last.contains(#""code":"malformed-request""#), "\(name): \(last)")
                #expect(last.lowercased().contains("x-request-id: "), "\(name): \(last)")
            }
            let pipelined = try await RawHTTP.exchange(
                port: port, "GET /openapi.json HTTP/1.1\r\nHost: x\r\n\r\n" + malformed[0])
            let statuses = pipelined.matches(of: #/HTTP\/1\.1 (\d{3}) /#).map { String($0.1) }
            #expect(statuses == ["200", "400"], "\(name): \(statuses)")
        }
    }

    @Test("one trace id follows a booking from the gateway through scheduling, payments and notifications")
    func traceFollowsTheBooking() async throws {
        let admin = try await fixtures.admin()
        let film = try await fixtures.newFilm(admin)
        let (auditorium, seats) = try await fixtures.newAuditorium(admin)
        let screening = try await fixtures.newScreening(admin, film: film, auditorium: auditorium)
        let (user, _) = try await fixtures.newUser()
        let traceID = (UUID().uuidString + UUID().uuidString).lowercased().filter(\.isHexDigit).prefix(32)
        let traceparent = ["traceparent": "00-\(traceID)-00f067aa0ba902b7-01"]

        let hold = try await user.send(
            .POST, "/api/scheduling/screenings/\(screening)/holds",
            body: try JSONSerialization.data(withJSONObject: ["seatIds": [seats[0]]]),
            headers: traceparent.merging(["Content-Type": "application/json"]) { $1 })
        let booking = try #require(hold.json["id"] as? String)
        _ = try await fixtures.checkout(user, booking: booking, headers: traceparent)
        _ = try await fixtures.waitForBooking(user, booking, status: "confirmed")

        // payments handled booking.held, scheduling payment.succeeded, notifications booking.confirmed:
        // each handler's log line carries the trace id the client sent.
        for service in ["gateway", "scheduling", "payments", "notifications"] {
            let line = try await eventually("\(service) to log trace \(traceID)") {
                try Self.logLines(service).first { $0.contains(#""traceId":"\#(traceID)""#) }
            }
            let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
            let timestamp = try #require(object["ts"] as? String)
            #expect(timestamp.hasSuffix("Z"), "RFC 3339 UTC: \(timestamp)")
            #expect(
                try Date(timestamp, strategy: .iso8601.year().month().day().time(includingFractionalSeconds: true))
                    > .distantPast)
        }
        let handled = try Self.logLines("notifications").filter {
            $0.contains(#""traceId":"\#(traceID)""#) && $0.contains("event handled")
        }
        #expect(!handled.isEmpty, "notifications handled an event of this trace")
        let access = try Self.logLines("gateway").first {
            $0.contains(#""msg":"access""#) && $0.contains(#""traceId":"\#(traceID)""#)
        }
        #expect(access?.contains(#""upstream":"scheduling""#) == true)
        #expect(access?.contains("Bearer") == false)
    }

    static func logLines(_ service: String) throws -> [String] {
        let path = "\(TestEnvironment.root)/.run/test/logs/\(service).log"
        return try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n").map(String.init)
    }
}
