import Foundation
import Logging
import Persistence
import PostgresNIO
import ServiceKit
import ServiceLifecycle

/// Sends the digests that are due: per person, every item collected for a daily or weekly digest
/// becomes one `notifications.digest` message on the channels they chose (except in-app, which
/// already showed each item). Items are claimed with `SKIP LOCKED` and stamped with the digest's
/// id in the same transaction as its deliveries: each item is in exactly one digest.
struct DigestWorker: Service {
    let client: PostgresClient
    let dispatcher: Dispatcher
    let interval: Duration
    let logger: Logger

    func run() async throws {
        while !Task.isShuttingDownGracefully, !Task.isCancelled {
            do {
                while !Task.isShuttingDownGracefully, try await sendOne() {}
            } catch {
                logger.warning("digest worker failed", metadata: ["error": "\(String(describing: error))"])
            }
            await GracefulPause.sleep(for: interval)
        }
    }

    /// The digest message: its frame (the `notifications.digest` template) in the person's locale
    /// (`Dispatcher` sends it with `contact.language`), its period label in their language.
    static func notice(
        _ items: [(title: String, body: String)], weekly: Bool, for contact: Contact, channels: [Channel]
    ) -> Notice {
        let english = contact.language == "en"
        return Notice(
            kind: "notifications.digest", category: .marketing,
            values: [
                "periodLabel": .string(
                    english ? (weekly ? "this week" : "today") : (weekly ? "de la semaine" : "du jour")),
                "items": .array(items.map { ["title": .string($0.title), "body": .string($0.body)] }),
            ], onlyChannels: channels)
    }

    /// Sends one person's due digest; false when none is due.
    func sendOne() async throws -> Bool {
        try await client.transaction(logger: logger) { connection in
            let rows = try await connection.query(
                """
                SELECT id, user_id, category, frequency, title, body FROM digest_items
                WHERE digest_id IS NULL AND due_at <= now()
                  AND user_id = (SELECT user_id FROM digest_items WHERE digest_id IS NULL AND due_at <= now()
                                 ORDER BY due_at LIMIT 1 FOR UPDATE SKIP LOCKED)
                ORDER BY created_at FOR UPDATE SKIP LOCKED
                """, logger: logger)
            let items = try await rows.decode((UUID, UUID, String, String, String, String).self).allElements()
            guard let user = items.first?.1 else { return false }
            let digestID = UUID()
            try await connection.query(
                "UPDATE digest_items SET digest_id = \(digestID) WHERE id = ANY(\(items.map(\.0)))", logger: logger)
            guard let contact = try await Contacts.find(user, on: connection, logger: logger) else { return true }
            let channels = contact.choice(.marketing).channels.filter { $0 != .inapp }
            guard !channels.isEmpty else { return true }
            let notice = Self.notice(
                items.map { (title: $0.4, body: $0.5) }, weekly: items.contains { $0.3 == Frequency.weekly.rawValue },
                for: contact, channels: channels)
            try await dispatcher.send(notice, to: contact, eventID: digestID, on: connection, logger: logger)
            logger.info("digest queued", metadata: ["items": "\(items.count)", "userId": "\(user)"])
            return true
        }
    }
}
