import Documents
import Foundation
import Logging
import Mail
import PostgresNIO
import ServiceKit

/// E-mail over SMTP: text and HTML alternatives, the e-ticket PDF attached to a booking
/// confirmation, and RFC 8058 one-click unsubscribe headers on marketing messages.
struct EmailSender: ChannelSender {
    let mailer: SMTPMailer

    func send(_ notice: OutgoingNotice, on connection: PostgresConnection, logger: Logger) async throws
        -> SendOutcome
    {
        var headers: [String: String] = [:]
        if case .string(let unsubscribe) = notice.values["unsubscribeURL"] {
            headers["List-Unsubscribe"] = "<\(unsubscribe)>"
            headers["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
        }
        let message = MailMessage(
            from: mailer.config.from, to: [notice.recipient], subject: notice.message.subject,
            text: notice.message.body, html: notice.message.html, attachments: Self.attachments(notice),
            messageID: "\(notice.deliveryID.uuidString.lowercased())@homestudio", headers: headers)
        try await mailer.send(message)
        return .sent
    }

    static func attachments(_ notice: OutgoingNotice) -> [MailMessage.Attachment] {
        if case .string(let pdf) = notice.values["pdf"], case .string(let number) = notice.values["number"],
            let data = Data(base64Encoded: pdf)
        {
            return [MailMessage.Attachment(filename: "\(number).pdf", contentType: "application/pdf", data: data)]
        }
        guard notice.kind == "scheduling.booking.confirmed", let ticket = ETicket(values: notice.values) else {
            return []
        }
        return [
            MailMessage.Attachment(
                filename: "e-ticket-\(ticket.reference.prefix(8)).pdf", contentType: "application/pdf",
                data: ticket.pdf())
        ]
    }
}

/// The e-ticket: one PDF page listing each seat with its ticket code (scanned at the door), in the
/// booker's language (`ticketLanguage`, set by `Notices.bookingConfirmed`; both languages for a
/// delivery stored before it existed).
struct ETicket {
    var language: String?
    var film: String
    var place: String
    var startsAt: String
    var reference: String
    var tickets: [(seat: String, code: String)]

    init?(values: [String: JSONValue]) {
        func text(_ key: String) -> String? {
            if case .string(let value) = values[key] { return value }
            return nil
        }
        guard let film = text("filmTitle"), let reference = text("bookingId"),
            case .array(let items) = values["tickets"]
        else { return nil }
        self.language = text("ticketLanguage")
        self.film = film
        self.place = [text("cinemaName"), text("auditoriumName")].compactMap { $0 }.joined(separator: " — ")
        self.startsAt = text("startsAt") ?? ""
        self.reference = reference
        self.tickets = items.compactMap { item in
            guard case .object(let fields) = item, case .string(let seat) = fields["seat"],
                case .string(let code) = fields["code"]
            else { return nil }
            return (seat, code)
        }
    }

    /// The French, the English, or both words of a label.
    func label(_ french: String, _ english: String) -> String {
        switch language {
        case "fr": french
        case "en": english
        default: "\(french) / \(english)"
        }
    }

    func pdf() -> Data {
        var document = PDFDocument()
        document.text("Homestudio — \(label("e-billet", "e-ticket"))", x: 50, y: 780, size: 18, bold: true)
        document.text(film, x: 50, y: 740, size: 14, bold: true)
        document.text(place, x: 50, y: 720)
        document.text(startsAt, x: 50, y: 705)
        var y = 670.0
        for ticket in tickets {
            document.text("\(label("Place", "Seat")) \(ticket.seat)", x: 50, y: y, size: 12)
            document.text(ticket.code, x: 250, y: y, size: 16, bold: true)
            y -= 28
        }
        document.text("\(label("Réf.", "Ref.")) \(reference)", x: 50, y: max(y - 10, 60), size: 9)
        return document.render()
    }
}
