import AMQP
import Foundation
import Logging
import PostgresNIO
import TestSupport
import Testing

/// Issue 16 end to end, with events published on the real broker and mails read from the catcher:
/// a refunds alert rule never stops the refund e-mail, fraud alerts are deduplicated per subject,
/// an English reader gets English messages in their time zone, and decline codes become words.
@Suite("Notification fixes (issue 16)", .enabled(if: TestEnvironment.isAvailable), .serialized)
struct NotificationFixesTests {
    let amqp = AMQPConfig(host: "127.0.0.1", port: TestEnvironment.amqpPort, user: "guest", password: "guest")
    let fixtures = Fixtures()

    /// Publishes `type` with `payload` as its producer would (a fresh event id each time).
    func publish(_ type: String, _ payload: [String: Any]) async throws {
        let id = UUID().uuidString.lowercased()
        let envelope: [String: Any] = [
            "id": id, "type": type, "version": 1, "occurredAt": Date.now.formatted(.iso8601), "payload": payload,
        ]
        let body = Array(try JSONSerialization.data(withJSONObject: envelope))
        let publisher = AMQPPublisher(config: amqp)
        try await publisher.publish([
            OutgoingMessage(exchange: "homestudio.events", routingKey: type, body: body, messageID: id, type: type)
        ])
        await publisher.close()
    }

    func query(_ sql: String) async throws -> [PostgresRow] {
        let db = try await TestDatabase.connect(as: "notifications")
        defer { Task { try? await db.close() } }
        var rows: [PostgresRow] = []
        for try await row in try await db.query(PostgresQuery(unsafeSQL: sql), logger: Logger(label: "test")) {
            rows.append(row)
        }
        return rows
    }

    func userID(_ user: APIClient) throws -> UUID {
        let segment = try #require(user.token?.split(separator: ".").dropFirst().first)
        var base64 = segment.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        base64 += String(repeating: "=", count: (4 - base64.count % 4) % 4)
        let claims = try JSONSerialization.jsonObject(with: try #require(Data(base64Encoded: base64))) as? [String: Any]
        return try #require(UUID(uuidString: claims?["sub"] as? String ?? ""))
    }

    /// A new English-speaking user notifications knows (its `auth.user.registered` has arrived).
    func knownUser() async throws -> (client: APIClient, email: String, id: UUID) {
        let (user, email) = try await fixtures.newUser()
        let id = try userID(user)
        _ = try await eventually("the contact") {
            try await query("SELECT 1 FROM contacts WHERE user_id = '\(id)' AND language = 'en'").first
        }
        return (user, email, id)
    }

    func rule(_ admin: APIClient, _ body: [String: Any]) async throws -> String {
        let created = try await admin.post("/api/notifications/alert-rules", body)
        guard created.status == 201, let id = created.json["id"] as? String else {
            throw TestFailure("alert rule: \(created.status) \(created.text)")
        }
        return id
    }

    @Test("with a refunds rule in place, refunds still e-mail the customer and the alert fires at its threshold")
    func refundsRuleKeepsRefundMails() async throws {
        let admin = try await fixtures.admin()
        let staff = "refunds-\(UUID().uuidString.prefix(8).lowercased())@example.com"
        let name = "Refund spike \(UUID().uuidString.prefix(6))"
        let rule = try await rule(
            admin,
            [
                "name": name, "kind": "refunds", "threshold": 2, "windowMinutes": 5, "recipients": [staff],
                "channels": ["email"],
            ])
        do {
            try await refundsThenAlert(staff: staff, name: name)
        } catch {
            _ = try? await admin.send(.DELETE, "/api/notifications/alert-rules/\(rule)", body: nil)
            throw error
        }
        #expect(try await admin.send(.DELETE, "/api/notifications/alert-rules/\(rule)", body: nil).status == 204)
    }

    func refundsThenAlert(staff: String, name: String) async throws {
        let (_, email, id) = try await knownUser()
        for amount in [1200, 1300] {
            try await publish(
                "payments.refund.succeeded",
                [
                    "refundId": UUID().uuidString, "bookingId": UUID().uuidString, "userId": id.uuidString,
                    "amount": amount, "currency": "EUR",
                ])
        }
        let refunds = try await eventually("both refund e-mails") {
            let mails = try await MailCatcher().messages(to: email).filter { $0.subject == "Your Homestudio refund" }
            return mails.count == 2 ? mails : nil
        }
        #expect(refunds.contains { $0.text?.contains("€12.00") == true })
        let alert = try await eventually("the refund-spike alert") {
            try await MailCatcher().messages(to: staff).first { $0.text?.contains(name) == true }
        }
        #expect(alert.subject?.isEmpty == false)
        let sent = try await query(
            """
            SELECT count(*)::int FROM deliveries
            WHERE user_id = '\(id)' AND event_type = 'payments.refund.succeeded' AND channel = 'email' AND status = 'sent'
            """)
        #expect(try sent.first?.decode(Int.self) == 2)
        try await Task.sleep(for: .seconds(2))
        #expect(try await MailCatcher().messages(to: staff).filter { $0.text?.contains(name) == true }.count == 1)
    }

    @Test("three fraud.suspected events for the same customer make one alert; another customer gets their own")
    func fraudAlertsDeduplicated() async throws {
        let admin = try await fixtures.admin()
        let staff = "fraud-\(UUID().uuidString.prefix(8).lowercased())@example.com"
        let rule = try await rule(
            admin, ["name": "Card testing", "kind": "fraud", "recipients": [staff], "channels": ["email"]])
        do {
            try await fraudBurst(staff: staff)
        } catch {
            _ = try? await admin.send(.DELETE, "/api/notifications/alert-rules/\(rule)", body: nil)
            throw error
        }
        #expect(try await admin.send(.DELETE, "/api/notifications/alert-rules/\(rule)", body: nil).status == 204)
    }

    func fraudBurst(staff: String) async throws {
        let customer = UUID().uuidString.lowercased()
        let booking = UUID().uuidString.lowercased()
        for attempt in 1...3 {
            try await publish(
                "payments.fraud.suspected",
                [
                    "signalId": UUID().uuidString, "rule": "user-attempts", "action": "block", "userId": customer,
                    "bookingId": booking, "detail": "\(attempt + 5) checkouts recently",
                ])
        }
        let other = UUID().uuidString.lowercased()
        try await publish(
            "payments.fraud.suspected",
            [
                "signalId": UUID().uuidString, "rule": "user-attempts", "action": "block", "userId": other,
                "bookingId": other, "detail": "6 checkouts recently",
            ])
        _ = try await eventually("both customers' alerts") {
            let mails = try await MailCatcher().messages(to: staff)
            return mails.contains { $0.text?.contains(booking) == true }
                && mails.contains { $0.text?.contains(other) == true } ? true : nil
        }
        try await Task.sleep(for: .seconds(3))
        let mails = try await MailCatcher().messages(to: staff)
        #expect(mails.filter { $0.text?.contains(booking) == true }.count == 1)
        #expect(mails.filter { $0.text?.contains(other) == true }.count == 1)
    }

    @Test("an English reader in New York gets an English digest and account e-mail with New York times")
    func englishReaderInNewYork() async throws {
        let (user, email, id) = try await knownUser()
        let genre = "genre-\(UUID().uuidString.prefix(8).lowercased())"
        let reply = try await user.send(
            .PUT, "/api/notifications/preferences",
            body: try JSONSerialization.data(withJSONObject: [
                "timeZone": "America/New_York",
                "categories": ["marketing": ["channels": ["email"], "frequency": "daily"]],
                "filters": ["genres": [genre], "languages": []],
            ]))
        #expect(reply.status == 200)
        let title = "Digest NY \(UUID().uuidString.prefix(6))"
        try await publish(
            "catalog.film.published",
            [
                "filmId": UUID().uuidString, "title": title, "runtimeMinutes": 100, "genres": [genre],
                "languages": ["en"],
            ])
        _ = try await eventually("the digest item") {
            try await query("SELECT 1 FROM digest_items WHERE user_id = '\(id)'").first
        }
        _ = try await query("UPDATE digest_items SET due_at = now() WHERE user_id = '\(id)'")
        let digest = try await eventually("the digest e-mail") {
            try await MailCatcher().messages(to: email).first { $0.text?.contains(title) == true }
        }
        #expect(digest.subject == "Your Homestudio digest")
        #expect(digest.text?.contains("Here is what's new today:") == true)
        #expect(digest.text?.contains("Bonjour") == false && digest.html?.contains("résumé") == false)

        let until = Date.now.addingTimeInterval(3600)
        func formatted(_ zone: String) -> String {
            var style = Date.FormatStyle(date: .long, time: .shortened)
            style.locale = Locale(identifier: "en_GB")
            style.timeZone = TimeZone(identifier: zone)!
            return until.formatted(style)
        }
        try await publish(
            "auth.user.locked",
            [
                "userId": id.uuidString, "email": email, "displayName": "Test User", "language": "en",
                "lockedUntil": until.formatted(.iso8601),
            ])
        let locked = try await eventually("the lock e-mail") {
            try await MailCatcher().messages(to: email).first { $0.subject?.contains("temporarily locked") == true }
        }
        #expect(locked.text?.contains("locked until \(formatted("America/New_York"))") == true)
        #expect(locked.text?.contains(formatted("Europe/Paris")) == false)
    }

    @Test("a language chosen in the preferences outlives auth's events: digest frame and account e-mail stay English")
    func chosenLanguageOutlivesAccountEvents() async throws {
        let (user, email, id) = try await knownUser()
        let genre = "genre-\(UUID().uuidString.prefix(8).lowercased())"
        let reply = try await user.send(
            .PUT, "/api/notifications/preferences",
            body: try JSONSerialization.data(withJSONObject: [
                "language": "en", "categories": ["marketing": ["channels": ["email"], "frequency": "daily"]],
                "filters": ["genres": [genre], "languages": []],
            ]))
        #expect(reply.status == 200)
        let title = "Digest EN \(UUID().uuidString.prefix(6))"
        try await publish(
            "catalog.film.published",
            ["filmId": UUID().uuidString, "title": title, "runtimeMinutes": 90, "genres": [genre], "languages": ["fr"]])
        _ = try await eventually("the digest item") {
            try await query("SELECT 1 FROM digest_items WHERE user_id = '\(id)'").first
        }
        // auth's account language is French (its default): its event must not turn the reader French.
        try await publish(
            "auth.password.changed",
            ["userId": id.uuidString, "email": email, "displayName": "Test User", "language": "fr"])
        let changed = try await eventually("the password-changed e-mail") {
            try await MailCatcher().messages(to: email).first {
                $0.subject?.contains("password changed") == true || $0.subject?.contains("mot de passe") == true
            }
        }
        #expect(changed.subject == "Your Homestudio password changed")
        _ = try await query("UPDATE digest_items SET due_at = now() WHERE user_id = '\(id)'")
        let digest = try await eventually("the digest e-mail") {
            try await MailCatcher().messages(to: email).first { $0.text?.contains(title) == true }
        }
        #expect(digest.subject == "Your Homestudio digest")
        #expect(digest.text?.hasPrefix("Hello Test User,") == true)
        #expect(digest.text?.contains("résumé") == false)
    }

    @Test("the payment-failed e-mail explains the decline in the customer's words, with what to do next")
    func paymentFailedInWords() async throws {
        let (_, email, id) = try await knownUser()
        let booking = UUID().uuidString.lowercased()
        try await publish(
            "payments.payment.failed", ["bookingId": booking, "userId": id.uuidString, "reason": "insufficient_funds"])
        let mail = try await eventually("the payment-failed e-mail") {
            try await MailCatcher().messages(to: email).first { $0.text?.contains(booking) == true }
        }
        #expect(mail.subject == "The payment for your booking failed")
        #expect(mail.text?.contains("the card's balance or spending limit does not cover this payment.") == true)
        #expect(mail.text?.contains("Try another card") == true)
        #expect(mail.text?.contains("insufficient_funds") == false)
    }
}
