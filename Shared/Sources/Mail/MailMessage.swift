import Foundation

/// An e-mail: plain text and HTML alternatives plus attachments.
public struct MailMessage: Sendable {
    public var from: String
    public var to: [String]
    public var subject: String
    public var text: String
    public var html: String?
    public var attachments: [Attachment]
    public var messageID: String
    /// Extra header fields, e.g. `List-Unsubscribe` (names and values must be plain ASCII).
    public var headers: [String: String]

    public struct Attachment: Sendable {
        public var filename: String
        public var contentType: String
        public var data: Data
        public init(filename: String, contentType: String, data: Data) {
            self.filename = filename
            self.contentType = contentType
            self.data = data
        }
    }

    public init(
        from: String, to: [String], subject: String, text: String, html: String? = nil,
        attachments: [Attachment] = [], messageID: String = "\(UUID().uuidString.lowercased())@homestudio",
        headers: [String: String] = [:]
    ) {
        self.from = from
        self.to = to
        self.subject = subject
        self.text = text
        self.html = html
        self.attachments = attachments
        self.messageID = messageID
        self.headers = headers
    }

    /// RFC 5322 / MIME rendering: multipart/mixed around multipart/alternative when needed.
    public func rendered(date: Date = .now) -> String {
        var lines = [
            "From: \(from)", "To: \(to.joined(separator: ", "))", "Subject: \(Self.encodedWord(subject))",
            "Date: \(Self.rfc5322(date))", "Message-ID: <\(messageID)>", "MIME-Version: 1.0",
        ]
        lines += headers.sorted { $0.key < $1.key }.map { "\($0.key): \($0.value.filter { !$0.isNewline })" }
        let body = alternativePart()
        if attachments.isEmpty {
            lines.append(contentsOf: body.headers)
            return (lines + ["", body.content]).joined(separator: "\r\n")
        }
        let boundary = "mixed-\(UUID().uuidString)"
        lines.append("Content-Type: multipart/mixed; boundary=\"\(boundary)\"")
        var parts = [(body.headers + ["", body.content]).joined(separator: "\r\n")]
        for attachment in attachments {
            parts.append(
                [
                    "Content-Type: \(attachment.contentType); name=\"\(attachment.filename)\"",
                    "Content-Disposition: attachment; filename=\"\(attachment.filename)\"",
                    "Content-Transfer-Encoding: base64", "",
                    attachment.data.base64EncodedString(options: [
                        .lineLength76Characters, .endLineWithCarriageReturn, .endLineWithLineFeed,
                    ]),
                ].joined(separator: "\r\n"))
        }
        return Self.multipart(lines, parts, boundary)
    }

    private func alternativePart() -> (headers: [String], content: String) {
        let text = Self.textPart("text/plain", self.text)
        guard let html else { return (text.headers, text.content) }
        let boundary = "alt-\(UUID().uuidString)"
        let htmlPart = Self.textPart("text/html", html)
        let content = [text, htmlPart].map { ($0.headers + ["", $0.content]).joined(separator: "\r\n") }
        let rendered = content.map { "--\(boundary)\r\n\($0)" }.joined(separator: "\r\n") + "\r\n--\(boundary)--"
        return (["Content-Type: multipart/alternative; boundary=\"\(boundary)\""], rendered)
    }

    private static func textPart(_ type: String, _ content: String) -> (headers: [String], content: String) {
        (
            ["Content-Type: \(type); charset=utf-8", "Content-Transfer-Encoding: base64"],
            Data(content.utf8).base64EncodedString(options: [
                .lineLength76Characters, .endLineWithCarriageReturn, .endLineWithLineFeed,
            ])
        )
    }

    private static func multipart(_ headers: [String], _ parts: [String], _ boundary: String) -> String {
        let body = parts.map { "--\(boundary)\r\n\($0)" }.joined(separator: "\r\n") + "\r\n--\(boundary)--\r\n"
        return (headers + ["", body]).joined(separator: "\r\n")
    }

    /// RFC 2047 encoded word for non-ASCII subjects.
    static func encodedWord(_ text: String) -> String {
        text.allSatisfy(\.isASCII) ? text : "=?UTF-8?B?\(Data(text.utf8).base64EncodedString())?="
    }

    static func rfc5322(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss Z"
        return formatter.string(from: date)
    }
}
