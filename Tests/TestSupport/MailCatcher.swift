import Foundation

/// Reads the messages received by the local mail catcher (scripts/mailcatcher.py).
public struct MailCatcher: Sendable {
    public struct Message: Decodable, Sendable {
        public var id: String
        public var from: String?
        public var to: [String]
        public var subject: String?
        public var text: String?
        public var html: String?
        public var attachments: [Attachment]?
    }

    public struct Attachment: Decodable, Sendable {
        public var filename: String?
        public var contentType: String?
        public var size: Int?
    }

    struct Listing: Decodable {
        var items: [Message]
    }

    public init() {}

    public func messages(to recipient: String) async throws -> [Message] {
        let reply = try await APIClient(baseURL: TestEnvironment.mailURL).get("/api/messages")
        guard reply.status == 200 else { throw TestFailure("mail catcher answered \(reply.status)") }
        return try reply.decode(Listing.self).items.filter { message in
            message.to.contains { $0.lowercased().contains(recipient.lowercased()) }
        }
    }
}
