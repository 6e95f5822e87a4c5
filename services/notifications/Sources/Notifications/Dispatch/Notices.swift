import Foundation
import ServiceKit

/// The notice each event makes for one person, with values formatted in their language and
/// time zone.
enum Notices {
    static func date(_ date: Date, _ contact: Contact) -> JSONValue {
        .string(Formatting.dateTime(date, language: contact.language, timeZone: contact.timeZone))
    }

    static func bookingConfirmed(_ event: BookingConfirmed, for contact: Contact) -> Notice {
        Notice(
            kind: BookingConfirmed.type, category: .bookings,
            values: [
                "filmTitle": .string(event.filmTitle), "cinemaName": .string(event.cinemaName),
                "auditoriumName": .string(event.auditoriumName), "startsAt": date(event.startsAt, contact),
                "amount": .string(Formatting.money(event.amount, currency: event.currency, language: contact.language)),
                "bookingId": .string(event.bookingId.uuidString.lowercased()),
                "tickets": .array(
                    event.tickets.map { ["code": .string($0.code), "seat": .string("\($0.row)\($0.number)")] }),
                "link": .string("/bookings/\(event.bookingId.uuidString.lowercased())"),
                "ticketLanguage": .string(contact.language),
            ], bookingID: event.bookingId, screeningID: event.screeningId)
    }

    static func reminder(_ booking: BookingRecord, leadSeconds: Int, for contact: Contact) -> Notice? {
        let due = booking.startsAt.addingTimeInterval(-Double(leadSeconds))
        guard due > .now else { return nil }
        return Notice(
            kind: "notifications.reminder", category: .reminders,
            values: [
                "filmTitle": .string(booking.filmTitle), "cinemaName": .string(booking.cinemaName),
                "auditoriumName": .string(booking.auditoriumName), "startsAt": date(booking.startsAt, contact),
                "bookingId": .string(booking.id.uuidString.lowercased()), "seats": .string(booking.seats),
                "link": .string("/bookings/\(booking.id.uuidString.lowercased())"),
            ], bookingID: booking.id, screeningID: booking.screeningID, notBefore: due)
    }

    static func bookingCancelled(_ event: BookingCancelled, _ booking: BookingRecord, for contact: Contact) -> Notice {
        let english = contact.language == "en"
        let reason: String =
            switch event.reason {
            case "screening-cancelled": english ? "the screening was cancelled" : "la séance a été annulée"
            case "customer-cancelled": english ? "you cancelled it" : "vous l'avez annulée"
            default: english ? "it could not be completed" : "elle n'a pas pu aboutir"
            }
        let refund =
            english
            ? "What you paid will be refunded in full." : "Le montant payé vous sera intégralement remboursé."
        return Notice(
            kind: BookingCancelled.type, category: .bookings,
            values: [
                "filmTitle": .string(booking.filmTitle), "startsAt": date(booking.startsAt, contact),
                "bookingId": .string(event.bookingId.uuidString.lowercased()), "reason": .string(reason),
                "refundNote": event.paymentId == nil || event.reason == "customer-cancelled" ? false : .string(refund),
            ], bookingID: event.bookingId, screeningID: event.screeningId)
    }

    static func rescheduled(_ event: ScreeningRescheduled, _ booking: BookingRecord, for contact: Contact) -> Notice {
        Notice(
            kind: ScreeningRescheduled.type, category: .bookings,
            values: [
                "filmTitle": .string(booking.filmTitle), "previousStartsAt": date(event.previousStartsAt, contact),
                "startsAt": date(event.startsAt, contact), "bookingId": .string(booking.id.uuidString.lowercased()),
                "link": .string("/bookings/\(booking.id.uuidString.lowercased())"),
            ], bookingID: booking.id, screeningID: event.screeningId)
    }

    /// The provider's decline code becomes words in the person's language and a next step.
    static func paymentFailed(_ event: PaymentFailed, for contact: Contact) -> Notice {
        let explanation = DeclineReasons.explain(event.reason, language: contact.language)
        return Notice(
            kind: PaymentFailed.type, category: .bookings,
            values: [
                "bookingId": .string(event.bookingId.uuidString.lowercased()), "reason": .string(explanation.reason),
                "nextStep": .string(explanation.nextStep),
            ], bookingID: event.bookingId)
    }

    static func refunded(_ event: RefundSucceeded, for contact: Contact) -> Notice {
        Notice(
            kind: RefundSucceeded.type, category: .bookings,
            values: [
                "amount": .string(Formatting.money(event.amount, currency: event.currency, language: contact.language)),
                "bookingId": .string(event.bookingId.uuidString.lowercased()),
            ], bookingID: event.bookingId)
    }

    /// The invoice (or credit note) by e-mail, its PDF attached; the PDF is dropped once sent.
    static func invoice(_ event: InvoiceIssued, for contact: Contact) -> Notice {
        let credit = event.kind == "credit_note"
        let english = contact.language == "en"
        return Notice(
            kind: InvoiceIssued.type, category: .bookings,
            values: [
                "number": .string(event.number),
                "documentLabel": .string(
                    english ? (credit ? "credit note" : "invoice") : (credit ? "avoir" : "facture")),
                "amount": .string(
                    Formatting.money(abs(event.total), currency: event.currency, language: contact.language)),
                "bookingId": .string(event.bookingId.uuidString.lowercased()), "pdf": .string(event.pdf),
            ], bookingID: event.bookingId, onlyChannels: [.email])
    }

    static func filmPublished(_ event: FilmPublished) -> Notice {
        let genres = (event.genres ?? []).joined(separator: ", ")
        return Notice(
            kind: FilmPublished.type, category: .marketing,
            values: [
                "filmTitle": .string(event.title), "filmId": .string(event.filmId.uuidString.lowercased()),
                "genres": genres.isEmpty ? false : .string(genres),
                "link": .string("/films/\(event.filmId.uuidString.lowercased())"),
            ])
    }

    /// A new film interests a person when it matches their favourite genres and languages (an
    /// empty list means any).
    static func interests(_ event: FilmPublished, _ contact: Contact) -> Bool {
        func matches(_ favourites: [String], _ values: [String]?) -> Bool {
            favourites.isEmpty || !Set(favourites).isDisjoint(with: (values ?? []).map { $0.lowercased() })
        }
        return matches(contact.favouriteGenres, event.genres) && matches(contact.favouriteLanguages, event.languages)
    }

    /// Account messages, `dates` in the person's language and time zone: only by e-mail when they
    /// carry a link that must stay secret.
    static func account(
        _ kind: String, _ values: [String: JSONValue], dates: [String: Date] = [:], for contact: Contact,
        emailOnly: Bool = false
    ) -> Notice {
        var values = values
        for (key, value) in dates { values[key] = date(value, contact) }
        return Notice(kind: kind, category: .security, values: values, onlyChannels: emailOnly ? [.email] : nil)
    }
}
