import AMQP
import AsyncHTTPClient
import Foundation
import Logging
import PostgresNIO
import TestSupport
import Testing

/// Notifications end to end: preferences, digests, quiet hours, filters, SMS through a Twilio
/// fake, Web Push through a push-service fake, the in-app feed, templates and alert rules, with
/// events published on the real broker and mails read from the real SMTP catcher.
@Suite("Notification channels", .enabled(if: TestEnvironment.isAvailable), .serialized)
struct NotificationChannelTests {
    let amqp = AMQPConfig(host: "127.0.0.1", port: TestEnvironment.amqpPort, user: "guest", password: "guest")
    let fixtures = Fixtures()

    /// A `catalog.film.published` event on the broker, as catalog publishes it (with genres).
    @discardableResult
    func publishFilm(_ title: String, genres: [String], id: UUID = UUID(), times: Int = 1) async throws -> UUID {
        let film = UUID().uuidString.lowercased()
        let genreList = genres.map { "\"\($0)\"" }.joined(separator: ",")
        let body = Array(
            """
            {"id":"\(id.uuidString.lowercased())","type":"catalog.film.published","version":1,
             "occurredAt":"\(Date.now.formatted(.iso8601))","payload":{"filmId":"\(film)","title":"\(title)",
             "runtimeMinutes":100,"genres":[\(genreList)],"languages":["fr"]}}
            """.utf8)
        let publisher = AMQPPublisher(config: amqp)
        for _ in 0..<times {
            try await publisher.publish([
                OutgoingMessage(
                    exchange: "homestudio.events", routingKey: "catalog.film.published", body: body,
                    messageID: id.uuidString, type: "catalog.film.published")
            ])
        }
        await publisher.close()
        return id
    }

    func preferences(_ user: APIClient, _ body: [String: Any]) async throws {
        let reply = try await user.send(
            .PUT, "/api/notifications/preferences", body: try JSONSerialization.data(withJSONObject: body))
        guard reply.status == 200 else { throw TestFailure("preferences: \(reply.status) \(reply.text)") }
    }

    func userID(_ user: APIClient) throws -> UUID {
        let segment = try #require(user.token?.split(separator: ".").dropFirst().first)
        var base64 = segment.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        base64 += String(repeating: "=", count: (4 - base64.count % 4) % 4)
        let claims = try JSONSerialization.jsonObject(with: try #require(Data(base64Encoded: base64))) as? [String: Any]
        return try #require(UUID(uuidString: claims?["sub"] as? String ?? ""))
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

    /// Reads a server-sent-event stream until `until` holds for what arrived (30 s at most).
    static func followStream(_ url: String, token: String, until: @escaping @Sendable (String) -> Bool) async throws
        -> String
    {
        var request = HTTPClientRequest(url: url)
        request.headers.add(name: "Authorization", value: "Bearer \(token)")
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(30))
        guard response.status == .ok else { throw TestFailure("stream answered \(response.status)") }
        return try await withThrowingTaskGroup(of: String.self) { group in
            group.addTask {
                var text = ""
                for try await chunk in response.body {
                    text += String(buffer: chunk)
                    if until(text) { return text }
                }
                return text
            }
            group.addTask {
                try await Task.sleep(for: .seconds(30))
                throw TestFailure("the stream did not deliver in time")
            }
            let text = try await group.next() ?? ""
            group.cancelAll()
            return text
        }
    }

    /// Marketing on `channels`, only for films of `genre` (other suites publish films meanwhile:
    /// a genre of the test's own keeps them away from its users).
    static func marketing(_ channels: [String], _ frequency: String = "immediate", genre: String) -> [String: Any] {
        [
            "categories": ["marketing": ["channels": channels, "frequency": frequency]],
            "filters": ["genres": [genre], "languages": []],
        ]
    }

    static func genre() -> String { "genre-\(UUID().uuidString.prefix(8).lowercased())" }

    @Test("a daily digest gathers the new films into one e-mail; the in-app feed shows each at once")
    func digest() async throws {
        let (user, email) = try await fixtures.newUser()
        let genre = Self.genre()
        try await preferences(user, Self.marketing(["email", "inapp"], "daily", genre: genre))
        let first = "Digest One \(UUID().uuidString.prefix(6))"
        let second = "Digest Two \(UUID().uuidString.prefix(6))"
        try await publishFilm(first, genres: [genre, "drama"])
        try await publishFilm(second, genres: [genre])
        let feed = try await eventually("both films in the feed") {
            let reply = try await user.get("/api/notifications/feed")
            return (reply.json["items"] as? [[String: Any]] ?? []).count >= 2 ? reply.json : nil
        }
        #expect(feed["unreadCount"] as? Int == 2)
        let id = try userID(user)
        _ = try await eventually("two digest items") {
            let rows = try await query("SELECT count(*)::int FROM digest_items WHERE user_id = '\(id)'")
            return try rows.first?.decode(Int.self) == 2 ? true : nil
        }
        #expect(try await MailCatcher().messages(to: email).filter { $0.subject?.contains("Digest") == true }.isEmpty)
        // Tomorrow morning comes early: the items are due now.
        _ = try await query("UPDATE digest_items SET due_at = now() WHERE user_id = '\(id)'")
        let mail = try await eventually("the digest e-mail") {
            try await MailCatcher().messages(to: email).first { $0.text?.contains(first) == true }
        }
        #expect(mail.text?.contains(second) == true)
        #expect(mail.text?.contains("/api/notifications/unsubscribe?token=") == true)
        try await Task.sleep(for: .seconds(2))
        let digests = try await MailCatcher().messages(to: email).filter { $0.text?.contains(first) == true }
        #expect(digests.count == 1)
        let stamped = try await query(
            "SELECT count(DISTINCT digest_id)::int FROM digest_items WHERE user_id = '\(id)' AND digest_id IS NOT NULL")
        #expect(try stamped.first?.decode(Int.self) == 1)
    }

    @Test("quiet hours hold a marketing e-mail back until they end; it is then sent, not lost")
    func quietHours() async throws {
        let (user, email) = try await fixtures.newUser()
        var utc = Calendar(identifier: .gregorian)
        utc.timeZone = TimeZone(identifier: "UTC")!
        let format = { (date: Date) in
            let parts = utc.dateComponents([.hour, .minute], from: date)
            return String(format: "%02d:%02d", parts.hour ?? 0, parts.minute ?? 0)
        }
        let genre = Self.genre()
        var body = Self.marketing(["email"], genre: genre)
        body["timeZone"] = "UTC"
        body["quietHours"] = [
            "start": format(.now.addingTimeInterval(-3600)), "end": format(.now.addingTimeInterval(3600)),
        ]
        try await preferences(user, body)
        let title = "Quiet \(UUID().uuidString.prefix(6))"
        let event = try await publishFilm(title, genres: [genre])
        let id = try userID(user)
        let row = try await eventually("a deferred delivery") {
            try await query(
                """
                SELECT deferred_reason, extract(epoch FROM next_attempt_at - now())::int, status FROM deliveries
                WHERE user_id = '\(id)' AND event_id = '\(event)' AND channel = 'email'
                """
            ).first
        }
        let (reason, wait, status) = try row.decode((String?, Int, String).self)
        #expect(reason == "quiet-hours")
        #expect(status == "pending")
        #expect((3000...3700).contains(wait))
        try await Task.sleep(for: .seconds(2))
        #expect(try await MailCatcher().messages(to: email).first { $0.subject?.contains(title) == true } == nil)
        _ = try await query(
            "UPDATE deliveries SET next_attempt_at = now() WHERE event_id = '\(event)' AND user_id = '\(id)'")
        _ = try await eventually("the e-mail after the quiet hours") {
            try await MailCatcher().messages(to: email).first { $0.subject?.contains(title) == true }
        }
    }

    @Test("new-film alerts follow the favourite-genre filter; a redelivered event sends one message")
    func filtersAndDuplicates() async throws {
        let (fan, fanEmail) = try await fixtures.newUser()
        let (other, otherEmail) = try await fixtures.newUser()
        let comedy = Self.genre()
        try await preferences(fan, Self.marketing(["email"], genre: comedy))
        try await preferences(other, Self.marketing(["email"], genre: Self.genre()))
        let title = "Filtered \(UUID().uuidString.prefix(6))"
        let event = try await publishFilm(title, genres: [comedy.uppercased(), "romance"], times: 2)
        let mail = try await eventually("the comedy fan's e-mail") {
            try await MailCatcher().messages(to: fanEmail).first { $0.subject?.contains(title) == true }
        }
        #expect(mail.text?.contains("unsubscribe") == true)
        try await Task.sleep(for: .seconds(3))
        #expect(
            try await MailCatcher().messages(to: fanEmail).filter { $0.subject?.contains(title) == true }.count == 1)
        #expect(try await MailCatcher().messages(to: otherEmail).filter { $0.subject?.contains(title) == true }.isEmpty)
        let rows = try await query(
            "SELECT count(*)::int FROM deliveries WHERE event_id = '\(event)' AND user_id = '\(try userID(fan))'")
        #expect(try rows.first?.decode(Int.self) == 1)
    }

    @Test("the one-click unsubscribe link turns marketing off without a login")
    func unsubscribe() async throws {
        let (user, email) = try await fixtures.newUser()
        let genre = Self.genre()
        try await preferences(user, Self.marketing(["email"], genre: genre))
        let title = "Unsub \(UUID().uuidString.prefix(6))"
        try await publishFilm(title, genres: [genre])
        let mail = try await eventually("the new-film e-mail") {
            try await MailCatcher().messages(to: email).first { $0.subject?.contains(title) == true }
        }
        let text = try #require(mail.text)
        let token = try #require(text.firstMatch(of: /unsubscribe\?token=([A-Za-z0-9._-]+)/)?.1)
        let page = try await APIClient().get("/api/notifications/unsubscribe?token=\(token)")
        #expect(page.status == 200 && page.text.contains("<form"))
        #expect(try await APIClient().post("/api/notifications/unsubscribe?token=\(token)x", [:]).status == 422)
        #expect(try await APIClient().post("/api/notifications/unsubscribe?token=\(token)", [:]).status == 200)
        let prefs = try await user.get("/api/notifications/preferences").json
        let marketing = (prefs["categories"] as? [String: Any])?["marketing"] as? [String: Any]
        #expect((marketing?["channels"] as? [String])?.isEmpty == true)
    }

    @Test("SMS through Twilio's API; a provider outage is retried with backoff, then reported as failed")
    func smsRetriesThenFailure() async throws {
        try await FakeTwilio.shared.start(port: TestEnvironment.twilioPort)
        let tap = try await BrokerManagement().tap("notifications.delivery.failed")
        let (good, _) = try await fixtures.newUser()
        let (bad, _) = try await fixtures.newUser()
        let goodNumber = "+3361\(Int.random(in: 1_000_000...9_999_999))"
        let badNumber = "+3362\(Int.random(in: 1_000_000...9_999_999))"
        await FakeTwilio.shared.fail(badNumber)
        let genre = Self.genre()
        var prefs = Self.marketing(["sms"], genre: genre)
        prefs["phone"] = goodNumber
        try await preferences(good, prefs)
        prefs["phone"] = badNumber
        try await preferences(bad, prefs)
        let title = "Texto \(UUID().uuidString.prefix(6))"
        try await publishFilm(title, genres: [genre])
        let sms = try await eventually("the SMS at Twilio") { await FakeTwilio.shared.messages(to: goodNumber).first }
        #expect(sms.body.contains(title))
        #expect(sms.from == "+33100000000")
        let failure = try await eventually(timeout: .seconds(40), "notifications.delivery.failed") {
            try await BrokerManagement().payloads(tap).first { $0["recipient"] as? String == badNumber }
        }
        #expect(failure["channel"] as? String == "sms")
        #expect((failure["reason"] as? String)?.contains("500") == true)
        #expect(await FakeTwilio.shared.attempts[badNumber] == 3)  // NOTIFICATIONS_MAX_ATTEMPTS in tests
        let rows = try await query("SELECT status, attempts FROM deliveries WHERE recipient = '\(badNumber)'")
        let (status, attempts) = try #require(rows.first).decode((String, Int).self)
        #expect(status == "failed" && attempts == 3)
    }

    @Test("Web Push: encrypted, VAPID-signed, TTL and urgency set; a 410 removes the subscription")
    func pushAndCleanup() async throws {
        let push = FakePushService()
        try await push.start()
        let (user, _) = try await fixtures.newUser()
        let live = PushSubscriber()
        let expired = PushSubscriber()
        let liveID = UUID().uuidString
        let goneID = UUID().uuidString
        await push.expire(goneID)
        for (subscriber, id) in [(live, liveID), (expired, goneID)] {
            let reply = try await user.post(
                "/api/notifications/push/subscriptions",
                [
                    "endpoint": "\(await push.baseURL)/push/\(id)",
                    "keys": ["p256dh": subscriber.p256dh, "auth": subscriber.authSecret],
                ])
            #expect(reply.status == 201)
        }
        let bad = try await user.post(
            "/api/notifications/push/subscriptions", ["endpoint": "ftp://x", "keys": ["p256dh": "AA", "auth": "AA"]])
        #expect(bad.status == 422)
        let genre = Self.genre()
        try await preferences(user, Self.marketing(["push"], genre: genre))
        let title = "Push \(UUID().uuidString.prefix(6))"
        try await publishFilm(title, genres: [genre])
        let received = try await eventually("the push message") { await push.received(for: liveID).first }
        #expect(received.contentEncoding == "aes128gcm")
        #expect(received.ttl == "86400")
        #expect(received.urgency == "low")
        let vapidKey = try await APIClient().get("/api/notifications/push/vapid-key").json["publicKey"] as? String
        #expect(received.authorization?.hasPrefix("vapid t=") == true)
        #expect(received.authorization?.hasSuffix("k=\(vapidKey ?? "?")") == true)
        let payload = try JSONSerialization.jsonObject(with: try live.decrypt(received.body)) as? [String: Any]
        #expect(
            (payload?["body"] as? String)?.contains(title) == true
                || (payload?["title"] as? String)?.contains(title) == true)
        _ = try await eventually("the expired subscription removed") {
            let list =
                try await user.get("/api/notifications/push/subscriptions").json["items"] as? [[String: Any]] ?? []
            return list.count == 1 ? list : nil
        }
        #expect(await push.received(for: goneID).count == 1)
        let rows = try await query(
            "SELECT status FROM deliveries WHERE channel = 'push' AND user_id = '\(try userID(user))' ORDER BY status")
        #expect(try rows.map { try $0.decode(String.self) } == ["gone", "sent"])
    }

    @Test("the in-app feed streams new notifications and counts unread ones")
    func feedStream() async throws {
        let (user, _) = try await fixtures.newUser()
        let genre = Self.genre()
        try await preferences(user, Self.marketing(["inapp"], genre: genre))
        let title = "Stream \(UUID().uuidString.prefix(6))"
        let events = Task {
            try await Self.followStream(
                "\(TestEnvironment.gatewayURL)/api/notifications/feed/stream", token: user.token ?? "",
                until: { $0.contains(title) })
        }
        try await Task.sleep(for: .seconds(1))
        try await publishFilm(title, genres: [genre])
        let text = try await events.value
        #expect(text.contains("event: unread"))
        #expect(text.contains("event: notification"))
        let feed = try await user.get("/api/notifications/feed").json
        let item = try #require((feed["items"] as? [[String: Any]])?.first)
        #expect(feed["unreadCount"] as? Int == 1)
        let read = try await user.post("/api/notifications/feed/\(item["id"] as? String ?? "")/read", [:])
        #expect(read.json["unreadCount"] as? Int == 0)
        let (stranger, _) = try await fixtures.newUser()
        #expect(
            try await stranger.post("/api/notifications/feed/\(item["id"] as? String ?? "")/read", [:]).status == 404)
    }

    @Test("staff edit a template: unknown variables and broken syntax are refused with the line; preview; rollback")
    func templateEditing() async throws {
        let admin = try await fixtures.admin()
        let path = "/api/notifications/templates/catalog.film.published/email/en"
        let original = try await admin.get(path)
        #expect(original.status == 200)
        let versions = original.json["versions"] as? [[String: Any]] ?? []
        let current = try #require(versions.first)
        func put(_ body: [String: Any]) async throws -> APIClient.Reply {
            try await admin.send(.PUT, path, body: try JSONSerialization.data(withJSONObject: body))
        }
        let unknown = try await put(["subject": "New: {{filmTitle}}", "body": "Hello\n{{displayName}}\n{{nope}}"])
        #expect(unknown.status == 422)
        #expect(unknown.text.contains("line 3") && unknown.text.contains("nope"))
        let broken = try await put(["subject": "x", "body": "one\n{{#genres}}unclosed"])
        #expect(broken.status == 422)
        #expect(broken.text.contains("line 2"))
        let preview = try await admin.post(path + "/preview", ["subject": "Now showing: {{filmTitle}}"])
        #expect(preview.status == 200)
        #expect((preview.json["subject"] as? String)?.hasPrefix("Now showing: ") == true)
        // Sample data in the template's language: English words here, French ones for fr.
        let genres = ["subject": "{{genres}}"]
        #expect(try await admin.post(path + "/preview", genres).json["subject"] as? String == "Musical, Drama")
        let french = "/api/notifications/templates/catalog.film.published/email/fr/preview"
        #expect(try await admin.post(french, genres).json["subject"] as? String == "Comédie musicale, Drame")
        let saved = try await put([
            "subject": "Now showing: {{filmTitle}}", "body": current["body"] as? String ?? "x",
            "html": current["html"] as? String ?? "<p>x</p>",
        ])
        #expect(saved.status == 201)
        let newVersion = try #require(saved.json["version"] as? Int)
        let back = try await admin.post(path + "/rollback", ["version": current["version"] as? Int ?? 1])
        #expect(back.status == 201)
        #expect(back.json["version"] as? Int == newVersion + 1)
        #expect(back.json["subject"] as? String == current["subject"] as? String)
        let (user, _) = try await fixtures.newUser()
        #expect(try await user.get(path).status == 403)
    }

    @Test("an alert rule fires from a real event through the broker: a parked message alerts staff by e-mail")
    func alertRule() async throws {
        let admin = try await fixtures.admin()
        let staff = "ops-\(UUID().uuidString.prefix(8).lowercased())@example.com"
        let created = try await admin.post(
            "/api/notifications/alert-rules",
            ["name": "Parked messages", "kind": "parked", "recipients": [staff], "channels": ["email"]])
        #expect(created.status == 201)
        let rule = try #require(created.json["id"] as? String)
        let refused = try await admin.post(
            "/api/notifications/alert-rules",
            ["name": "x", "kind": "weather", "recipients": ["nobody"], "channels": []])
        #expect(refused.status == 422)
        let marker = "alert-\(UUID().uuidString)"
        let publisher = AMQPPublisher(config: amqp)
        try await publisher.publish([
            OutgoingMessage(
                exchange: "", routingKey: "scheduling.events", body: Array("{\(marker)".utf8), messageID: marker,
                type: "catalog.film.published")
        ])
        await publisher.close()
        let mail = try await eventually(timeout: .seconds(40), "the alert e-mail") {
            try await MailCatcher().messages(to: staff).first { $0.text?.contains("scheduling") == true }
        }
        #expect(mail.text?.contains("Parked messages") == true)
        #expect(try await admin.send(.DELETE, "/api/notifications/alert-rules/\(rule)", body: nil).status == 204)
    }

    /// The test suite's delivery loops sleep a minute when idle (NOTIFICATIONS_DELIVERY_IDLE_MS in
    /// scripts/env.sh): a message that arrives in seconds was sent because its delivery woke them.
    @Test("an idle delivery loop is woken by a new delivery: a welcome mail comes in seconds, not after a minute")
    func idleLoopIsWoken() async throws {
        for _ in 0..<3 {
            try await Task.sleep(for: .milliseconds(300))  // the loop goes back to sleep
            let started = ContinuousClock.now
            let (_, email) = try await fixtures.newUser()
            _ = try await eventually(timeout: .seconds(40), every: .milliseconds(100), "the welcome mail to \(email)") {
                try await MailCatcher().messages(to: email).first
            }
            let waited = ContinuousClock.now - started
            // (A burst of the parallel suites' mails can queue it for seconds; never for the minute.)
            #expect(waited < .seconds(25), "the mail took \(waited): the loop slept until its timer")
        }
    }
}
