import AMQP
import Foundation
import TestSupport
import Testing

/// Staff's parking lot (issue 18): a message scheduling parks is recorded in its database, listed
/// through the gateway, replayed through the outbox (back to scheduling's work queue) or
/// discarded, by staff only, each with who and when.
@Suite("Parked messages", .enabled(if: TestEnvironment.isAvailable))
struct ParkedMessageTests {
    let fixtures = Fixtures()
    let amqp = AMQPConfig(host: "127.0.0.1", port: TestEnvironment.amqpPort, user: "guest", password: "guest")
    let path = "/api/scheduling/parked-messages"

    func items(_ reply: APIClient.Reply) -> [[String: Any]] { reply.json["items"] as? [[String: Any]] ?? [] }

    /// The parked rows whose body contains `marker`, newest first.
    func parked(_ admin: APIClient, _ marker: String) async throws -> [[String: Any]] {
        items(try await admin.get("\(path)?limit=100")).filter { ($0["body"] as? String)?.contains(marker) == true }
    }

    @Test("a parked message is listed, replayed through the outbox and parked again; another is discarded")
    func listReplayDiscard() async throws {
        let admin = try await fixtures.admin()
        let adminID = try #require(try await admin.get("/api/auth/me").json["id"] as? String)
        let (user, _) = try await fixtures.newUser()
        let markers = (0..<2).map { _ in "parked-\(UUID().uuidString)" }
        let publisher = AMQPPublisher(config: amqp)
        for marker in markers {
            try await publisher.publish([
                OutgoingMessage(
                    exchange: "", routingKey: "scheduling.events", body: Array("{\(marker)".utf8), messageID: marker,
                    type: "catalog.film.published")
            ])
        }
        await publisher.close()
        let first = try await eventually("the first message in scheduling's parking lot") {
            try await parked(admin, markers[0]).first
        }
        let second = try await eventually("the second message in scheduling's parking lot") {
            try await parked(admin, markers[1]).first
        }
        #expect(first["status"] as? String == "parked")
        #expect(first["routingKey"] as? String == "scheduling.events")
        #expect(first["type"] as? String == "catalog.film.published")
        #expect(first["messageId"] as? String == markers[0])
        #expect((first["reason"] as? String)?.contains("malformed") == true)
        #expect(first["body"] as? String == "{\(markers[0])")
        // Still parked in RabbitMQ too, as before.
        #expect(try await BrokerManagement().peek(queue: "scheduling.parked").contains { $0.body.contains(markers[0]) })
        let firstID = try #require(first["id"] as? String)
        let secondID = try #require(second["id"] as? String)

        // Staff only.
        #expect(try await user.get(path).status == 403)
        #expect(try await user.post("\(path)/\(firstID)/replay", [:]).status == 403)
        #expect(try await user.post("\(path)/\(secondID)/discard", [:]).status == 403)
        #expect(try await APIClient().get(path).status == 401)
        #expect(try await admin.get("\(path)?status=lost").status == 422)
        #expect(try await admin.post("\(path)/\(UUID().uuidString)/replay", [:]).status == 404)

        // Newest first, in keyset pages.
        let one = try await admin.get("\(path)?limit=1")
        let cursor = try #require(one.json["nextCursor"] as? String)
        let next = items(try await admin.get("\(path)?limit=1&cursor=\(cursor)"))
        #expect(next.count == 1 && next[0]["id"] as? String != items(one).first?["id"] as? String)
        let newest = items(try await admin.get("\(path)?limit=100"))
        let dates = newest.compactMap { $0["parkedAt"] as? String }.compactMap { try? Date($0, strategy: .iso8601) }
        #expect(dates == dates.sorted(by: >))

        // Replay: marked with who and when; the message comes back to scheduling through the outbox
        // (and, still malformed, is parked again, carrying the row it was replayed from).
        let replayed = try await admin.post("\(path)/\(firstID)/replay", [:])
        #expect(replayed.status == 200)
        #expect(replayed.json["status"] as? String == "replayed")
        #expect(replayed.json["replayedBy"] as? String == adminID)
        #expect(replayed.json["replayedAt"] is String)
        #expect(replayed.json["replayMessageId"] is String)
        let again = try await eventually("the replayed message to come back and be parked again") {
            try await parked(admin, markers[0]).first { $0["id"] as? String != firstID }
        }
        #expect(((again["headers"] as? [String: Any])?["x-replay-of"] as? String)?.lowercased() == firstID.lowercased())
        #expect(again["routingKey"] as? String == "scheduling.events")
        #expect(
            (again["messageId"] as? String)?.lowercased() == (replayed.json["replayMessageId"] as? String)?.lowercased()
        )
        let twice = try await admin.post("\(path)/\(firstID)/replay", [:])
        #expect(twice.status == 409)
        #expect(twice.json["code"] as? String == "parked-message-resolved")

        // Discard, with a reason; then neither replay nor discard again.
        let long = try await admin.post("\(path)/\(secondID)/discard", ["reason": String(repeating: "x", count: 501)])
        #expect(long.status == 422)
        let discarded = try await admin.post("\(path)/\(secondID)/discard", ["reason": "test garbage"])
        #expect(discarded.status == 200)
        #expect(discarded.json["status"] as? String == "discarded")
        #expect(discarded.json["discardedBy"] as? String == adminID)
        #expect(discarded.json["discardReason"] as? String == "test garbage")
        #expect(try await admin.post("\(path)/\(secondID)/replay", [:]).status == 409)
        #expect(try await admin.post("\(path)/\(secondID)/discard", [:]).status == 409)
        let listed = items(try await admin.get("\(path)?status=discarded&limit=100"))
        #expect(listed.contains { $0["id"] as? String == secondID })
        #expect(!listed.contains { $0["id"] as? String == firstID })
        // Every consuming service serves its own parking lot.
        for service in ["catalog", "payments", "notifications"] {
            #expect(try await admin.get("/api/\(service)/parked-messages?limit=1").status == 200)
        }
        #expect(try await admin.get("/api/auth/parked-messages").status == 404)
    }
}
