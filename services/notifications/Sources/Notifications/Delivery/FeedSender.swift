import Foundation
import Logging
import PostgresNIO
import ServiceRuntime

/// In-app: the message becomes a feed item; listeners of that user's feed are woken at commit.
struct FeedSender: ChannelSender {
    static let channel = "feed_changes"

    func send(_ notice: OutgoingNotice, on connection: PostgresConnection, logger: Logger) async throws
        -> SendOutcome
    {
        guard let user = notice.userID else { return .gone("no user") }
        try await connection.query(
            """
            INSERT INTO feed_items (id, user_id, event_id, event_type, title, body, link)
            SELECT \(UUID()), \(user), event_id, event_type, \(notice.message.subject), \(notice.message.body),
                   \(notice.link)
            FROM deliveries WHERE id = \(notice.deliveryID)
            ON CONFLICT (event_id, user_id) DO NOTHING
            """, logger: logger)
        try await ChangeNotice.send(Self.channel, key: user.uuidString.lowercased(), connection, logger)
        return .sent
    }
}
