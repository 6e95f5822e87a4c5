import AMQP
import Foundation
import TestSupport
import Testing

/// Delivery guarantees of the running suite: redelivery, malformed messages, isolation.
@Suite("Messaging behaviour", .enabled(if: TestEnvironment.isAvailable))
struct MessagingBehaviourTests {
    let amqp = AMQPConfig(host: "127.0.0.1", port: TestEnvironment.amqpPort, user: "guest", password: "guest")

    func envelope(id: UUID, type: String, payload: String) -> [UInt8] {
        Array(
            """
            {"id":"\(id.uuidString.lowercased())","type":"\(type)","version":1,"occurredAt":"\(Date.now.formatted(.iso8601))",
             "payload":\(payload)}
            """.utf8)
    }

    @Test("the same event delivered twice has one effect (one e-mail)")
    func redelivery() async throws {
        let email = "dup-\(UUID().uuidString.prefix(8).lowercased())@example.com"
        let id = UUID()
        let body = envelope(
            id: id, type: "auth.user.registered",
            payload:
                #"{"userId":"\#(UUID().uuidString)","email":"\#(email)","displayName":"Dup","language":"en","role":"client"}"#
        )
        let message = OutgoingMessage(
            exchange: "homestudio.events", routingKey: "auth.user.registered", body: body,
            messageID: id.uuidString, type: "auth.user.registered")
        let publisher = AMQPPublisher(config: amqp)
        try await publisher.publish([message])
        try await publisher.publish([message])
        _ = try await eventually("the welcome e-mail") { try await MailCatcher().messages(to: email).first }
        try await Task.sleep(for: .seconds(3))
        #expect(try await MailCatcher().messages(to: email).count == 1)
        await publisher.close()
    }

    @Test("a malformed message is parked with its reason and the consumer keeps consuming")
    func malformedMessage() async throws {
        let marker = "garbage-\(UUID().uuidString)"
        let publisher = AMQPPublisher(config: amqp)
        try await publisher.publish([
            OutgoingMessage(
                exchange: "", routingKey: "scheduling.events", body: Array("{\(marker)".utf8), messageID: marker,
                type: "catalog.film.published")
        ])
        let parked = try await eventually("the message to be parked") {
            try await BrokerManagement().peek(queue: "scheduling.parked").first { $0.body.contains(marker) }
        }
        #expect(parked.reason?.contains("malformed") == true)
        // The consumer still works: scheduling learns about a new film and accepts a screening for it.
        let fixtures = Fixtures()
        let admin = try await fixtures.admin()
        let film = try await fixtures.newFilm(admin)
        let (auditorium, _) = try await fixtures.newAuditorium(admin)
        _ = try await fixtures.newScreening(admin, film: film, auditorium: auditorium)
        await publisher.close()
    }

    @Test("an event whose payload does not match its type is parked, not retried forever")
    func wrongPayload() async throws {
        let id = UUID()
        let publisher = AMQPPublisher(config: amqp)
        try await publisher.publish([
            OutgoingMessage(
                exchange: "homestudio.events", routingKey: "catalog.film.published",
                body: envelope(id: id, type: "catalog.film.published", payload: #"{"title":42}"#),
                messageID: id.uuidString, type: "catalog.film.published")
        ])
        let parked = try await eventually("the message to be parked") {
            try await BrokerManagement().peek(queue: "scheduling.parked").first {
                $0.body.contains(id.uuidString.lowercased())
            }
        }
        #expect(parked.reason?.contains("malformed event") == true)
        await publisher.close()
    }
}
