import AMQP
import Foundation
import NIOHTTP1
import TestSupport
import Testing

/// Alert rules edited in place (PATCH, pause and resume) and the log of the alerts that fired
/// (`GET /alert-firings`), with fraud events published on the real broker.
@Suite("Alert rule editing and firings", .enabled(if: TestEnvironment.isAvailable), .serialized)
struct AlertFiringTests {
    let amqp = AMQPConfig(host: "127.0.0.1", port: TestEnvironment.amqpPort, user: "guest", password: "guest")
    let fixtures = Fixtures()

    /// Publishes a `payments.fraud.suspected` for `customer` as payments would.
    func suspect(_ customer: String) async throws {
        let id = UUID().uuidString.lowercased()
        let payload: [String: Any] = [
            "signalId": UUID().uuidString, "rule": "user-attempts", "action": "block", "userId": customer,
            "bookingId": UUID().uuidString.lowercased(), "detail": "7 checkouts recently",
        ]
        let envelope: [String: Any] = [
            "id": id, "type": "payments.fraud.suspected", "version": 1, "occurredAt": Date.now.formatted(.iso8601),
            "payload": payload,
        ]
        let publisher = AMQPPublisher(config: amqp)
        try await publisher.publish([
            OutgoingMessage(
                exchange: "homestudio.events", routingKey: "payments.fraud.suspected",
                body: Array(try JSONSerialization.data(withJSONObject: envelope)), messageID: id,
                type: "payments.fraud.suspected")
        ])
        await publisher.close()
    }

    func patch(_ client: APIClient, _ path: String, _ body: [String: Any]) async throws -> APIClient.Reply {
        try await client.send(.PATCH, path, body: try JSONSerialization.data(withJSONObject: body))
    }

    func fields(_ reply: APIClient.Reply) -> Set<String> {
        Set((reply.json["errors"] as? [[String: Any]] ?? []).compactMap { $0["field"] as? String })
    }

    /// The firings of `rule` (newest first, first 100).
    func firings(_ admin: APIClient, rule: String) async throws -> [[String: Any]] {
        let reply = try await admin.get("/api/notifications/alert-firings?ruleId=\(rule)&limit=100")
        guard reply.status == 200 else { throw TestFailure("alert-firings: \(reply.status) \(reply.text)") }
        return reply.json["items"] as? [[String: Any]] ?? []
    }

    @Test(
        "PATCH /alert-rules/{id} edits, pauses and resumes a rule; GET /alert-firings lists each firing with its deliveries"
    )
    func editAndFirings() async throws {
        let admin = try await fixtures.admin()
        let staff = "alerts-\(UUID().uuidString.prefix(8).lowercased())@example.com"
        let created = try await admin.post(
            "/api/notifications/alert-rules",
            [
                "name": "Fraud watch", "kind": "fraud", "windowMinutes": 60, "recipients": [staff],
                "channels": ["email"],
            ])
        #expect(created.status == 201)
        let rule = try #require(created.json["id"] as? String)
        let path = "/api/notifications/alert-rules/\(rule)"
        defer { Task { _ = try? await admin.send(.DELETE, path, body: nil) } }

        let renamed = try await patch(admin, path, ["name": "Fraud watch (edited)", "windowMinutes": 30])
        #expect(renamed.status == 200)
        #expect(renamed.json["name"] as? String == "Fraud watch (edited)")
        #expect(renamed.json["windowMinutes"] as? Int == 30)
        #expect(renamed.json["kind"] as? String == "fraud")
        #expect(renamed.json["recipients"] as? [String] == [staff])
        #expect(renamed.json["enabled"] as? Bool == true)
        let listed = try await admin.get("/api/notifications/alert-rules").json["items"] as? [[String: Any]]
        #expect(listed?.first { $0["id"] as? String == rule }?["name"] as? String == "Fraud watch (edited)")

        // Validated as POST, every field at once; the kind cannot change; nothing applied.
        let bad = try await patch(
            admin, path,
            ["name": " ", "threshold": -1, "windowMinutes": 0, "recipients": [] as [String], "channels": ["push"]])
        #expect(bad.status == 422)
        #expect(fields(bad) == ["name", "threshold", "windowMinutes", "recipients", "channels"])
        #expect(fields(try await patch(admin, path, ["kind": "refunds"])) == ["kind"])
        #expect(try await patch(admin, "/api/notifications/alert-rules/\(UUID())", ["enabled": false]).status == 404)
        let (user, _) = try await fixtures.newUser()
        #expect(try await patch(user, path, ["enabled": false]).status == 403)
        #expect(try await user.get("/api/notifications/alert-firings").status == 403)

        // Two firings, newest first, each with its e-mail delivery.
        let first = UUID().uuidString.lowercased()
        let second = UUID().uuidString.lowercased()
        try await suspect(first)
        _ = try await eventually("the first firing") {
            try await firings(admin, rule: rule).first { $0["subject"] as? String == first }
        }
        try await suspect(second)
        let logged = try await eventually("the second firing") {
            let items = try await firings(admin, rule: rule)
            return items.contains { $0["subject"] as? String == second } ? items : nil
        }
        let mine = logged.filter { [first, second].contains($0["subject"] as? String ?? "") }
        #expect(mine.compactMap { $0["subject"] as? String } == [second, first])
        let firing = try #require(mine.first)
        #expect(firing["ruleId"] as? String == rule)
        #expect(firing["ruleName"] as? String == "Fraud watch (edited)")
        #expect(firing["kind"] as? String == "fraud")
        #expect((firing["details"] as? [String: Any])?["rule"] as? String == "user-attempts")
        let deliveries = firing["deliveries"] as? [[String: Any]] ?? []
        #expect(deliveries.count == 1)
        #expect(deliveries.first?["channel"] as? String == "email")
        #expect(deliveries.first?["recipient"] as? String == staff)
        #expect(["pending", "sent"].contains(deliveries.first?["status"] as? String ?? ""))

        // Keyset pages of one: no duplicate, same order.
        var paged: [String] = []
        var cursor: String? = nil
        repeat {
            let reply = try await admin.get(
                "/api/notifications/alert-firings?ruleId=\(rule)&kind=fraud&limit=1"
                    + (cursor.map { "&cursor=\($0)" } ?? ""))
            #expect(reply.status == 200)
            paged += (reply.json["items"] as? [[String: Any]] ?? []).compactMap { $0["id"] as? String }
            cursor = reply.json["nextCursor"] as? String
        } while cursor != nil && paged.count < 50
        // The rule watches every fraud signal: other suites' may fire it meanwhile (newer, first).
        let loggedIDs = logged.compactMap { $0["id"] as? String }
        #expect(paged.filter(Set(loggedIDs).contains) == loggedIDs)
        #expect(Set(paged).count == paged.count, "no duplicate across pages")
        let future = Date.now.addingTimeInterval(3600).formatted(.iso8601)
        #expect(try await firings(admin, rule: rule).count >= 2)
        let later = try await admin.get("/api/notifications/alert-firings?ruleId=\(rule)&from=\(future)")
        #expect((later.json["items"] as? [Any])?.isEmpty == true)

        // Paused: no firing; resumed: fires again.
        let paused = try await patch(admin, path, ["enabled": false])
        #expect(paused.json["enabled"] as? Bool == false)
        let quiet = UUID().uuidString.lowercased()
        try await suspect(quiet)
        try await Task.sleep(for: .seconds(3))
        #expect(try await firings(admin, rule: rule).contains { $0["subject"] as? String == quiet } == false)
        #expect(try await patch(admin, path, ["enabled": true]).json["enabled"] as? Bool == true)
        let again = UUID().uuidString.lowercased()
        try await suspect(again)
        _ = try await eventually("a firing once resumed") {
            try await firings(admin, rule: rule).first { $0["subject"] as? String == again }
        }

        // Bad query parameters, all named.
        let wrong = try await admin.get("/api/notifications/alert-firings?ruleId=x&kind=y&from=yesterday&limit=0")
        #expect(wrong.status == 422)
        #expect(fields(wrong) == ["ruleId", "kind", "from", "limit"])
    }
}
