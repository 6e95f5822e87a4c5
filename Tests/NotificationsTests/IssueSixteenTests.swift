import Foundation
import Logging
import PostgresNIO
import ServiceKit
import TestSupport
import Testing

@testable import Notifications

/// Issue 16: alert rules apart from customer messages, fraud alerts deduplicated, every message in
/// the reader's language and time zone, decline codes in words.
@Suite("notification fixes (issue 16)")
struct IssueSixteenTests {
    static let english = Contact(
        userID: UUID(), email: "ny@example.com", displayName: "Ada", language: "en", phone: nil,
        timeZone: "America/New_York", quietHours: nil, favouriteGenres: [], favouriteLanguages: [], choices: [:])

    static let rules = AlertRules(
        dispatcher: Dispatcher(
            settings: .init(
                webURL: "https://x.test", digestHour: 8, unsubscribe: UnsubscribeLinks(secret: "s", baseURL: "")),
            templates: TemplateStore()))

    func render(_ notice: Notice, _ channel: Notifications.Channel, _ locale: String) throws -> RenderedMessage {
        let seed = try #require(TemplateSeeds.all[notice.kind]?[locale])
        var values = notice.values
        values["webURL"] = .string("https://x.test")
        values["displayName"] = .string("Ada")
        return try TemplateStore.render(
            TemplateStore.seedText(seed, channel), values: values.mapValues(\.mustacheValue))
    }

    @Test("the README's HTTP section names every route of the OpenAPI document")
    func readmeNamesEveryRoute() throws {
        let documented = try NotificationsService.blueprint(reader: ConfigReaderFactory.make([:])).openAPI.operations()
        #expect(!documented.isEmpty)
        #expect(documented.subtracting(try ReadmeRoutes.named(inReadmeOf: "notifications")).sorted() == [])
    }

    @Test("decline codes become a sentence and a next step in the reader's language; unknown codes a generic one")
    func declineCodes() throws {
        let codes = [
            "card_declined", "insufficient_funds", "expired_card", "incorrect_cvc", "processing_error",
            "authentication_required", "payment_intent_authentication_failure", "capture_denied", "declined",
            "payer_action_required", "not_captured", "canceled",
        ]
        var sentences: Set<String> = []
        for code in codes {
            #expect(DeclineReasons.kind(of: code) != nil, "\(code)")
            for language in ["fr", "en"] {
                let explanation = DeclineReasons.explain(code, language: language)
                #expect(!explanation.reason.contains("_") && !explanation.nextStep.isEmpty, "\(code) \(language)")
                sentences.insert(explanation.reason)
            }
        }
        #expect(DeclineReasons.explain("card_declined", language: "en").reason == "your bank declined the card.")
        #expect(DeclineReasons.explain("insufficient_funds", language: "fr").reason.contains("plafond"))
        #expect(DeclineReasons.explain("expired_card", language: "en").nextStep.contains("valid"))
        #expect(DeclineReasons.explain("incorrect_cvc", language: "en").reason.contains("CVC"))
        #expect(DeclineReasons.explain("authentication_required", language: "en").reason.contains("3-D Secure"))
        // PayPal's outcomes say PayPal, never 3-D Secure.
        for code in ["capture_denied", "declined", "payer_action_required", "not_captured"] {
            let explanation = DeclineReasons.explain(code, language: "en")
            #expect(explanation.reason.contains("PayPal") && !explanation.reason.contains("3-D Secure"), "\(code)")
        }
        let unknown = DeclineReasons.explain("zz_weird_code", language: "en")
        #expect(
            unknown
                == DeclineReasons.Explanation(
                    reason: "the payment was declined.",
                    nextStep: "Try again with the same payment method or another one."))
        #expect(sentences.count >= 10)
    }

    @Test("the payment-failed e-mail gives words and a next step, never the raw code")
    func paymentFailedMail() throws {
        let event = PaymentFailed(bookingId: UUID(), userId: Self.english.userID, reason: "card_declined")
        let notice = Notices.paymentFailed(event, for: Self.english)
        let mail = try render(notice, .email, "en")
        #expect(mail.body.contains("your bank declined the card."))
        #expect(mail.body.contains("Try another card"))
        #expect(!mail.body.contains("card_declined") && !(mail.html ?? "").contains("card_declined"))
        var french = Self.english
        french.language = "fr"
        let frenchMail = try render(Notices.paymentFailed(event, for: french), .email, "fr")
        #expect(frenchMail.body.contains("votre banque a refusé la carte."))
        #expect(!frenchMail.body.contains("Motif : card_declined"))
        let sms = try render(notice, .sms, "en")
        #expect(sms.body.count <= 300)
    }

    @Test("account e-mails show their dates in the reader's time zone and language")
    func accountDates() throws {
        let until = try Date("2026-12-05T14:30:00Z", strategy: .iso8601)
        let notice = Notices.account(UserLocked.type, [:], dates: ["lockedUntil": until], for: Self.english)
        let mail = try render(notice, .email, "en")
        #expect(mail.body.contains("locked until 5 December 2026 at 9:30."))  // New York, UTC-5
        #expect(!mail.body.contains("15:30"))  // Paris time
        var french = Self.english
        french.language = "fr"
        french.timeZone = "Europe/Paris"
        let frenchNotice = Notices.account(UserLocked.type, [:], dates: ["lockedUntil": until], for: french)
        #expect(try render(frenchNotice, .email, "fr").body.contains("5 décembre 2026 à 15:30"))
    }

    @Test("an English reader's digest is English, frame and period")
    func englishDigest() throws {
        let notice = DigestWorker.notice(
            [(title: "New at Homestudio: Vertigo", body: "New at Homestudio: Vertigo.")], weekly: true,
            for: Self.english, channels: [.email])
        let mail = try render(notice, .email, "en")
        #expect(mail.subject == "Your Homestudio digest")
        #expect(mail.body.contains("Here is what's new this week:"))
        #expect(!mail.body.contains("Bonjour") && !mail.body.contains("semaine"))
        #expect(PreferencesController.unsubscribePage(token: "t", language: "en").contains("Unsubscribe"))
        #expect(!PreferencesController.unsubscribePage(token: "t", language: "en").contains("désabonner"))
    }

    @Test("the e-ticket PDF is in the booker's language; staff read what payments did in words")
    func eTicketAndFraudWords() throws {
        let event = BookingConfirmed(
            bookingId: UUID(), userId: Self.english.userID, screeningId: UUID(), userEmail: "ny@example.com",
            filmTitle: "Vertigo", cinemaName: "Homestudio", auditoriumName: "Room 1", startsAt: .now, amount: 1200,
            currency: "EUR", tickets: [.init(code: "ABCDEFGHJK", row: "A", number: 3)])
        let english = String(
            decoding: try #require(ETicket(values: Notices.bookingConfirmed(event, for: Self.english).values)).pdf(),
            as: UTF8.self)
        #expect(english.contains("e-ticket") && english.contains("Seat A3") && !english.contains("Place"))
        var french = Self.english
        french.language = "fr"
        let frenchPDF = String(
            decoding: try #require(ETicket(values: Notices.bookingConfirmed(event, for: french).values)).pdf(),
            as: UTF8.self)
        #expect(frenchPDF.contains("e-billet") && frenchPDF.contains("Place A3") && !frenchPDF.contains("Seat"))
        #expect(AlertRules.fraudAction("blocked")["en"] == "payment blocked")
        #expect(AlertRules.fraudAction("authentication-required")["fr"] == "3-D Secure exigé")
        #expect(AlertRules.fraudAction("other") == ["fr": "other", "en": "other"])
    }

    @Test(
        "a failing alert rule is rolled back to its savepoint and the event's transaction goes on",
        .enabled(if: TestEnvironment.isAvailable))
    func ruleIsolation() async throws {
        let db = try await TestDatabase.connect(as: "notifications")
        let logger = Logger(label: "test")
        do {
            try await db.query("BEGIN", logger: logger)
            let (customer, rule) = (UUID(), UUID())
            try await db.query("INSERT INTO refund_log (event_id) VALUES (\(customer))", logger: logger)
            await Self.rules.isolated(nil, "refunds", db, logger) {
                try await db.query("INSERT INTO refund_log (event_id) VALUES (\(rule))", logger: logger)
                // The query of issue 16: a bigint has no make_interval.
                try await db.query("SELECT make_interval(mins => \(Int(60)))", logger: logger)
            }
            let rows = try await db.query(
                "SELECT event_id FROM refund_log WHERE event_id = ANY(\([customer, rule]))", logger: logger)
            #expect(try await rows.decode(UUID.self).allElements() == [customer])
            try await db.query("ROLLBACK", logger: logger)
        } catch {
            try? await db.close()
            throw error
        }
        try await db.close()
    }

    @Test(
        "an alert fires once per rule and subject within its window", .enabled(if: TestEnvironment.isAvailable))
    func claims() async throws {
        let db = try await TestDatabase.connect(as: "notifications")
        let logger = Logger(label: "test")
        do {
            try await db.query("BEGIN", logger: logger)
            let rule = AlertRules.Rule(
                id: UUID(), name: "Fraud", threshold: 0, windowMinutes: 60, recipients: ["ops@x.test"],
                channels: [.email])
            try await db.query(
                """
                INSERT INTO alert_rules (id, name, kind, recipients, channels)
                VALUES (\(rule.id), 'Fraud', 'fraud', '{ops@x.test}', '{email}')
                """, logger: logger)
            #expect(try await Self.rules.claim(rule, subject: "user-1", db, logger))
            #expect(try await Self.rules.claim(rule, subject: "user-1", db, logger) == false)
            #expect(try await Self.rules.claim(rule, subject: "user-1", db, logger) == false)
            #expect(try await Self.rules.claim(rule, subject: "user-2", db, logger))
            try await db.query(
                "UPDATE alert_firings SET fired_at = now() - interval '61 minutes' WHERE rule_id = \(rule.id)",
                logger: logger)
            #expect(try await Self.rules.claim(rule, subject: "user-1", db, logger))
            try await db.query("ROLLBACK", logger: logger)
        } catch {
            try? await db.close()
            throw error
        }
        try await db.close()
    }
}
