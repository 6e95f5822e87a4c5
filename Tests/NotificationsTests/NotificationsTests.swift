import Foundation
import TestSupport
import Testing

@testable import Notifications

@Suite("notifications")
struct NotificationsTests {
    @Test("the OpenAPI document lists exactly the routes notifications serves")
    func openAPIMatchesRoutes() throws {
        let blueprint = try NotificationsService.blueprint(reader: ConfigReaderFactory.make([:]))
        let (documented, served) = try RouteContract.compare(blueprint)
        #expect(documented == served)
    }

    @Test("the booking e-mail lists every ticket, in French by default")
    func bookingTemplate() throws {
        let event = BookingConfirmed(
            bookingId: UUID(), userEmail: "a@example.com", filmTitle: "Le Film", cinemaName: "Cinéma",
            auditoriumName: "Salle 2",
            startsAt: Date(timeIntervalSince1970: 1_800_000_000), amount: 2300, currency: "EUR",
            tickets: [.init(code: "ABCDEFGHJK", row: "A", number: 3), .init(code: "MNPQRSTUVW", row: "A", number: 4)])
        let mail = try #require(try MailTemplates().render(.bookingConfirmed(event)))
        #expect(mail.subject == "Vos billets pour Le Film")
        #expect(mail.text.contains("Place A3 : ABCDEFGHJK"))
        #expect(mail.text.contains("Place A4 : MNPQRSTUVW"))
        #expect(mail.text.contains("23,00"))
        #expect(mail.html.contains("<code>ABCDEFGHJK</code>"))
    }

    @Test("the welcome e-mail follows the user's language")
    func welcomeTemplate() throws {
        let event = UserRegistered(userId: UUID(), email: "a@example.com", displayName: "Ada", language: "en")
        let mail = try #require(try MailTemplates().render(.userRegistered(event)))
        #expect(mail.subject == "Welcome to Homestudio")
        #expect(mail.text.contains("Hello Ada"))
        #expect(!mail.text.contains("verify-email"))
        var unverified = event
        unverified.verificationToken = "tok123"
        let withLink = try #require(
            try MailTemplates().render(.userRegistered(unverified), extra: ["webURL": "https://x.test"]))
        #expect(withLink.text.contains("https://x.test/verify-email?token=tok123"))
    }

    @Test("every event it publishes or consumes is in the AsyncAPI catalogue")
    func eventCatalogue() throws {
        let documented = try EventCatalogue.documentedTypes()
        let published: Set<String> = Set([DeliveryFailed.type])
        let consumed = EventCatalogue.consumedTypes(
            try NotificationsService.blueprint(reader: ConfigReaderFactory.make([:])))
        #expect(published.subtracting(documented).isEmpty, "undocumented: \(published.subtracting(documented))")
        #expect(consumed.subtracting(documented).isEmpty, "undocumented: \(consumed.subtracting(documented))")
    }
}
