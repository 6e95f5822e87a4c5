import Foundation
import Mail
import TestSupport
import Testing

@Suite("Mail")
struct MailTests {
    @Test("a message renders as multipart/mixed with text, HTML and a base64 attachment")
    func rendering() {
        let message = MailMessage(
            from: "Homestudio <no-reply@homestudio.local>", to: ["a@example.com"], subject: "Séance confirmée",
            text: "Bonjour", html: "<p>Bonjour</p>",
            attachments: [.init(filename: "ticket.txt", contentType: "text/plain", data: Data("ABC".utf8))])
        let rendered = message.rendered()
        #expect(rendered.contains("Content-Type: multipart/mixed"))
        #expect(rendered.contains("Content-Type: multipart/alternative"))
        #expect(rendered.contains("Subject: =?UTF-8?B?"))
        #expect(rendered.contains("filename=\"ticket.txt\""))
        #expect(rendered.contains(Data("ABC".utf8).base64EncodedString()))
    }

    @Test("delivery over real SMTP to the mail catcher, with the attachment", .enabled(if: TestEnvironment.isAvailable))
    func smtpDelivery() async throws {
        let recipient = "smtp-\(UUID().uuidString.prefix(8).lowercased())@example.com"
        let smtpPort = Int(ProcessInfo.processInfo.environment["HS_TEST_SMTP_PORT"] ?? "") ?? 11025
        let mailer = SMTPMailer(
            config: .init(url: "smtp://127.0.0.1:\(smtpPort)", from: "Homestudio <no-reply@homestudio.local>"))
        try await mailer.send(
            MailMessage(
                from: "Homestudio <no-reply@homestudio.local>", to: [recipient], subject: "Ticket", text: "Your ticket",
                html: "<b>Your ticket</b>",
                attachments: [
                    .init(filename: "ticket.pdf", contentType: "application/pdf", data: Data("%PDF-1.4".utf8))
                ]))
        let received = try await eventually("the message") { try await MailCatcher().messages(to: recipient).first }
        #expect(received.subject == "Ticket")
        #expect(received.text?.contains("Your ticket") == true)
        #expect(received.attachments?.first?.filename == "ticket.pdf")
    }

    @Test(
        "STARTTLS then AUTH with credentials from configuration; refused without TLS or with a wrong password",
        .enabled(if: TestEnvironment.isAvailable))
    func startTLSWithCredentials() async throws {
        let environment = ProcessInfo.processInfo.environment
        let port = try #require(environment["HS_TEST_SMTP_TLS_PORT"])
        let password = try #require(environment["HS_TEST_SMTP_PASSWORD"])
        let recipient = "tls-\(UUID().uuidString.prefix(8).lowercased())@example.com"
        func mailer(tls: Bool, password: String) -> SMTPMailer {
            SMTPMailer(
                config: .init(
                    url: "smtp://localhost:\(port)", from: "Homestudio <no-reply@homestudio.local>",
                    username: "homestudio", password: password, requireTLS: tls, caFile: environment["HS_TEST_SMTP_CA"],
                    timeoutSeconds: 10))
        }
        let message = MailMessage(
            from: "Homestudio <no-reply@homestudio.local>", to: [recipient], subject: "Over TLS", text: "Secret")
        await #expect(throws: MailError.self) { try await mailer(tls: false, password: password).send(message) }
        await #expect(throws: MailError.self) { try await mailer(tls: true, password: "wrong").send(message) }
        try await mailer(tls: true, password: password).send(message)
        let received = try await eventually("the message sent over STARTTLS") {
            try await MailCatcher().messages(to: recipient).first
        }
        #expect(received.subject == "Over TLS")
        #expect(try await MailCatcher().messages(to: recipient).count == 1)
    }

    @Test("an unreachable SMTP server is an error, not a hang")
    func unreachable() async {
        let mailer = SMTPMailer(config: .init(url: "smtp://127.0.0.1:1", from: "a@b.c", timeoutSeconds: 5))
        await #expect(throws: MailError.self) {
            try await mailer.send(MailMessage(from: "a@b.c", to: ["d@e.f"], subject: "x", text: "y"))
        }
    }
}
