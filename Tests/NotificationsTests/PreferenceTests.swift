import Crypto
import Foundation
import ServiceKit
import Testing

@testable import Notifications

@Suite("notification preferences and scheduling")
struct PreferenceTests {
    let paris = TimeZone(identifier: "Europe/Paris")!

    func date(_ text: String) -> Date { try! Date(text, strategy: .iso8601) }

    @Test("quiet hours hold a message until their end in the person's time zone, across midnight")
    func quietHours() throws {
        let quiet = try #require(QuietHours(start: "22:00", end: "08:00"))
        // 23:30 in Paris (UTC+1 in winter) → 08:00 the next morning, Paris time.
        #expect(quiet.deferral(of: date("2026-11-26T22:30:00Z"), timeZone: paris) == date("2026-11-27T07:00:00Z"))
        // 06:00 in Paris → 08:00 the same morning.
        #expect(quiet.deferral(of: date("2026-11-26T05:00:00Z"), timeZone: paris) == date("2026-11-26T07:00:00Z"))
        #expect(quiet.deferral(of: date("2026-11-26T11:00:00Z"), timeZone: paris) == nil)
        let afternoon = try #require(QuietHours(start: "13:00", end: "14:00"))
        #expect(afternoon.deferral(of: date("2026-11-26T12:30:00Z"), timeZone: paris) == date("2026-11-26T13:00:00Z"))
        #expect(QuietHours(start: "25:00", end: "08:00") == nil)
        #expect(QuietHours(start: "08:00", end: "08:00") == nil)
    }

    @Test("digests are due at the configured local hour, weekly ones on Monday")
    func digestSchedule() {
        let now = date("2026-11-26T10:00:00Z")  // a Thursday
        #expect(
            DigestSchedule.due(after: now, frequency: .daily, hour: 8, timeZone: paris) == date("2026-11-27T07:00:00Z"))
        #expect(
            DigestSchedule.due(after: now, frequency: .weekly, hour: 8, timeZone: paris) == date("2026-11-30T07:00:00Z")
        )
    }

    @Test("preferences refuse switching off security, digests of bookings, unknown zones and bad numbers")
    func validation() throws {
        typealias P = PreferencesController.Preferences
        let off = P(categories: ["security": .init(channels: [], frequency: .immediate)])
        #expect(throws: AppError.self) { try PreferencesValidation.check(off) }
        let digest = P(categories: ["bookings": .init(channels: [.email], frequency: .daily)])
        #expect(throws: AppError.self) { try PreferencesValidation.check(digest) }
        #expect(throws: AppError.self) { try PreferencesValidation.check(P(timeZone: "Mars/Olympus")) }
        #expect(throws: AppError.self) { try PreferencesValidation.check(P(phone: "0612345678")) }
        let fine = P(
            timeZone: "America/Montreal", phone: "+33612345678",
            categories: [
                "marketing": .init(channels: [], frequency: .weekly),
                "security": .init(channels: [.sms, .email, .email], frequency: .immediate),
            ])
        let choices = try PreferencesValidation.check(fine)
        #expect(choices[.security]?.channels == [.email, .sms])
        #expect(choices[.marketing]?.frequency == .weekly)
    }

    @Test("new-film alerts follow favourite genres and languages (empty means any)")
    func filters() {
        var contact = TemplateTests.contact
        let film = FilmPublished(filmId: UUID(), title: "X", genres: ["Comedy", "Drama"], languages: ["fr"])
        #expect(Notices.interests(film, contact))
        contact.favouriteGenres = ["horror"]
        #expect(!Notices.interests(film, contact))
        contact.favouriteGenres = ["comedy"]
        contact.favouriteLanguages = ["en"]
        #expect(!Notices.interests(film, contact))
        contact.favouriteLanguages = ["fr", "en"]
        #expect(Notices.interests(film, contact))
    }

    @Test("unsubscribe tokens name their user and cannot be forged")
    func unsubscribeTokens() throws {
        let links = UnsubscribeLinks(secret: "s3cret", baseURL: "https://x.test")
        let user = UUID()
        let token = links.token(for: user)
        #expect(links.user(from: token) == user)
        let other = UUID().uuidString.lowercased()
        let forged = other + "." + token.split(separator: ".")[1]
        #expect(links.user(from: forged) == nil)
        #expect(UnsubscribeLinks(secret: "other", baseURL: "").user(from: token) == nil)
        #expect(links.link(for: user).hasPrefix("https://x.test/api/notifications/unsubscribe?token="))
    }

    @Test("VAPID: an ES256 JWT for the push service's origin, verifiable with the advertised key")
    func vapid() throws {
        let vapid = try VAPID(rawKey: nil, subject: "mailto:ops@x.test")
        let header = try vapid.authorization(endpoint: URL(string: "https://push.example.net:8443/p/abc")!)
        let parts = header.split(separator: " ").map(String.init)
        #expect(parts.first == "vapid")
        let token = String(parts[1].dropFirst(2).dropLast())  // t=…,
        #expect(parts[2] == "k=\(vapid.publicKey)")
        let segments = token.split(separator: ".").map(String.init)
        #expect(segments.count == 3)
        let claims = try JSONSerialization.jsonObject(with: Base64URL.decode(segments[1])!) as? [String: Any]
        #expect(claims?["aud"] as? String == "https://push.example.net:8443")
        #expect(claims?["sub"] as? String == "mailto:ops@x.test")
        let exp = try #require(claims?["exp"] as? Int)
        #expect(exp > Int(Date.now.timeIntervalSince1970) && exp <= Int(Date.now.timeIntervalSince1970) + 86400)
        let key = try P256.Signing.PublicKey(x963Representation: Base64URL.decode(vapid.publicKey)!)
        let signature = try P256.Signing.ECDSASignature(rawRepresentation: Base64URL.decode(segments[2])!)
        #expect(key.isValidSignature(signature, for: Data("\(segments[0]).\(segments[1])".utf8)))
        #expect(!key.isValidSignature(signature, for: Data("\(segments[0]).e30".utf8)))
    }

    @Test("Twilio's form encoding escapes reserved characters")
    func twilioForm() {
        #expect(
            TwilioSMS.form([("To", "+33612345678"), ("Body", "Hé & co=1")])
                == "To=%2B33612345678&Body=H%C3%A9%20%26%20co%3D1")
    }
}

@Suite("provider rate limits")
struct RateLimitTests {
    @Test("beyond its burst, a provider's bucket spaces sends at its rate (a lower bound: load only slows it)")
    func spacing() async {
        let limiter = RateLimiter(rates: [.sms: 10])
        let start = ContinuousClock.now
        for _ in 0..<15 { await limiter.acquire(.sms) }  // 10 at once, then 5 at 100 ms each
        #expect(ContinuousClock.now - start >= .milliseconds(450))
        let unlimited = ContinuousClock.now
        for _ in 0..<1000 { await limiter.acquire(.inapp) }
        #expect(ContinuousClock.now - unlimited < .seconds(5))
    }
}
