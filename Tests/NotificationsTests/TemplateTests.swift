import Foundation
import ServiceKit
import Testing

@testable import Notifications

@Suite("notification templates")
struct TemplateTests {
    static let contact = Contact(
        userID: UUID(), email: "a@example.com", displayName: "Ada", language: "fr", phone: nil,
        timeZone: "Europe/Paris", quietHours: nil, favouriteGenres: [], favouriteLanguages: [], choices: [:])

    func render(_ kind: String, _ channel: Channel, _ locale: String, _ values: [String: JSONValue]) throws
        -> RenderedMessage
    {
        let seed = try #require(TemplateSeeds.all[kind]?[locale])
        return try TemplateStore.render(
            TemplateStore.seedText(seed, channel), values: values.mapValues(\.mustacheValue))
    }

    @Test("the booking e-mail lists every ticket, in French by default, and its PDF e-ticket holds the codes")
    func bookingTemplate() throws {
        let event = BookingConfirmed(
            bookingId: UUID(), userId: UUID(), screeningId: UUID(), userEmail: "a@example.com",
            filmTitle: "Fast & Furious", cinemaName: "Cinéma", auditoriumName: "Salle 2",
            startsAt: Date(timeIntervalSince1970: 1_800_000_000), amount: 2300, currency: "EUR",
            tickets: [.init(code: "ABCDEFGHJK", row: "A", number: 3), .init(code: "MNPQRSTUVW", row: "A", number: 4)])
        let notice = Notices.bookingConfirmed(event, for: Self.contact)
        let mail = try render(notice.kind, .email, "fr", notice.values)
        #expect(mail.subject.contains("Fast & Furious"))  // plain text: not HTML-escaped
        #expect(mail.body.contains("A3") && mail.body.contains("ABCDEFGHJK") && mail.body.contains("MNPQRSTUVW"))
        #expect(mail.body.contains("23,00"))
        #expect(mail.html?.contains("Fast &amp; Furious") == true)  // HTML: escaped
        let ticket = try #require(ETicket(values: notice.values))
        let pdf = String(decoding: ticket.pdf(), as: UTF8.self)
        #expect(pdf.hasPrefix("%PDF-1.4") && pdf.contains("ABCDEFGHJK") && pdf.contains("MNPQRSTUVW"))
    }

    @Test("every kind has French and English seeds that validate against its variables and render")
    func seedsValidate() throws {
        #expect(TemplateSeeds.all.count >= 18)
        for (kind, byLocale) in TemplateSeeds.all {
            #expect(Set(byLocale.keys) == ["fr", "en"], "\(kind)")
            let variables = try #require(TemplateSamples.values[kind], "\(kind) has no samples").mapValues { $0 as Any }
            for (locale, seed) in byLocale {
                for channel in Channel.allCases {
                    let text = TemplateStore.seedText(seed, channel)
                    for part in [text.subject, text.body, text.html ?? ""] {
                        let failures = TemplateValidator.check(part, variables: variables)
                        #expect(failures.isEmpty, "\(kind) \(locale) \(channel): \(failures)")
                    }
                    let rendered = try TemplateStore.render(text, values: variables)
                    #expect(!rendered.body.contains("{{"), "\(kind) \(locale) \(channel)")
                }
            }
        }
    }

    @Test("validation names unknown variables and syntax errors with their line; sections open their element keys")
    func validation() {
        let variables: [String: Any] = ["filmTitle": "X", "tickets": [["code": "A", "seat": "B"]]]
        let unknown = TemplateValidator.check("Hello\n{{filmTitle}}\nBye {{nope}}", variables: variables)
        #expect(unknown.count == 1)
        #expect(unknown.first?.line == 3)
        #expect(unknown.first?.message.contains("'nope'") == true)
        let broken = TemplateValidator.check("one\ntwo\n{{#tickets}}{{seat}}", variables: variables)
        #expect(broken.count == 1)
        #expect(broken.first?.message.contains("syntax") == true)
        #expect(broken.first?.line == 3)
        #expect(
            TemplateValidator.check("{{#tickets}}{{seat}} {{code}} {{filmTitle}}{{/tickets}}", variables: variables)
                .isEmpty)
        #expect(TemplateValidator.check("{{seat}}", variables: variables).first?.line == 1)
        #expect(TemplateValidator.check("{{> partial}}", variables: variables).count == 1)
    }

    @Test("the derived delivery ids are stable per event and distinct per message")
    func derivedIDs() {
        let event = UUID()
        let own = Notice(kind: "a.b.c", category: .bookings, values: [:])
        #expect(own.deliveryEventID(event, type: "a.b.c") == event)
        let reminder = Notice(kind: "notifications.reminder", category: .reminders, values: [:])
        let first = reminder.deliveryEventID(event, type: "a.b.c")
        #expect(first == reminder.deliveryEventID(event, type: "a.b.c"))
        #expect(first != event)
        #expect(first != reminder.deliveryEventID(event, type: "a.b.c", qualifier: "x"))
    }
}
