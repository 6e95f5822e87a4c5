import Foundation
import Logging
import PostgresNIO
import ServiceKit

/// A person notifications can reach, with their preferences (the `contacts` and `preferences`
/// tables, fed by auth's events, bookings and the preferences API).
struct Contact: Sendable {
    var userID: UUID
    var email: String
    var displayName: String
    var language: String
    var phone: String?
    var timeZone: String
    var quietHours: QuietHours?
    var favouriteGenres: [String]
    var favouriteLanguages: [String]
    var choices: [Category: Choice]

    struct Choice: Sendable, Equatable {
        var channels: [Channel]
        var frequency: Frequency
    }

    func choice(_ category: Category) -> Choice {
        choices[category] ?? Choice(channels: category.defaultChannels, frequency: .immediate)
    }
}

/// Reads and records contacts.
enum Contacts {
    static let columns = """
        c.user_id, c.email, c.display_name, c.language, c.phone, c.time_zone,
        to_char(c.quiet_start, 'HH24:MI'), to_char(c.quiet_end, 'HH24:MI'), c.favourite_genres, c.favourite_languages
        """

    /// Records (or refreshes) who a user is; the display name and language only when given, and the
    /// language only while the person has not chosen one in their preferences (auth's events carry
    /// the account's language, which may not be the one they read notifications in).
    static func upsert(
        _ userID: UUID, email: String, displayName: String? = nil, language: String? = nil,
        on connection: PostgresConnection, logger: Logger
    ) async throws {
        try await connection.query(
            """
            INSERT INTO contacts (user_id, email, display_name, language)
            VALUES (\(userID), \(email), \(displayName ?? ""), \(language ?? "fr"))
            ON CONFLICT (user_id) DO UPDATE SET email = EXCLUDED.email,
                display_name = CASE WHEN \(displayName != nil) THEN EXCLUDED.display_name ELSE contacts.display_name END,
                language = CASE WHEN \(language != nil) AND NOT contacts.language_chosen THEN EXCLUDED.language
                                ELSE contacts.language END,
                updated_at = now()
            """, logger: logger)
    }

    /// Makes sure the signed-in user has a contact (their e-mail from the token), keeping the rest.
    static func ensure(_ identity: Identity, on connection: PostgresConnection, logger: Logger) async throws {
        try await connection.query(
            """
            INSERT INTO contacts (user_id, email) VALUES (\(identity.userID), \(identity.email))
            ON CONFLICT (user_id) DO UPDATE SET email = EXCLUDED.email
            """, logger: logger)
    }

    /// How an alert recipient (a user id, an e-mail address or a phone number) reads: the language
    /// and time zone of the contact it names, French and Paris time when it names none.
    static func reader(_ recipient: String, on connection: PostgresConnection, logger: Logger) async throws
        -> (language: String, timeZone: String)
    {
        let rows = try await connection.query(
            """
            SELECT language, time_zone FROM contacts
            WHERE user_id::text = \(recipient.lowercased()) OR lower(email) = lower(\(recipient)) OR phone = \(recipient)
            ORDER BY (user_id::text = \(recipient.lowercased())) DESC, updated_at DESC LIMIT 1
            """, logger: logger)
        let found = try await rows.decode((String, String).self).firstElement()
        return (found?.0 ?? Formatting.defaultLanguage, found?.1 ?? Formatting.defaultTimeZone)
    }

    static func find(_ userID: UUID, on connection: PostgresConnection, logger: Logger) async throws -> Contact? {
        try await load("WHERE c.user_id = $1", [userID], on: connection, logger: logger).first
    }

    /// Everyone who receives `category` on at least one channel (for marketing, an explicit opt-in).
    static func subscribed(
        to category: Category, on connection: PostgresConnection, logger: Logger
    ) async throws -> [Contact] {
        try await load(
            """
            WHERE EXISTS (SELECT 1 FROM preferences p WHERE p.user_id = c.user_id AND p.category = $1
                          AND cardinality(p.channels) > 0)
            """, [category.rawValue], on: connection, logger: logger)
    }

    private static func load(
        _ condition: String, _ binds: [any PostgresDynamicTypeEncodable], on connection: PostgresConnection,
        logger: Logger
    ) async throws -> [Contact] {
        var bindings = PostgresBindings()
        for value in binds { bindings.append(value) }
        let rows = try await connection.query(
            PostgresQuery(
                unsafeSQL: "SELECT \(columns) FROM contacts c \(condition) ORDER BY c.user_id", binds: bindings),
            logger: logger)
        var contacts: [Contact] = []
        for try await row in rows {
            let (id, email, name, language, phone, zone, quietStart, quietEnd, genres, languages) = try row.decode(
                (UUID, String, String, String, String?, String, String?, String?, [String], [String]).self)
            contacts.append(
                Contact(
                    userID: id, email: email, displayName: name, language: language, phone: phone, timeZone: zone,
                    quietHours: QuietHours(start: quietStart, end: quietEnd), favouriteGenres: genres,
                    favouriteLanguages: languages, choices: [:]))
        }
        // Everyone's preferences in one query (a marketing fan-out loads thousands of contacts).
        let choices = try await choices(of: contacts.map(\.userID), on: connection, logger: logger)
        for index in contacts.indices { contacts[index].choices = choices[contacts[index].userID] ?? [:] }
        return contacts
    }

    static func choices(_ userID: UUID, on connection: PostgresConnection, logger: Logger) async throws
        -> [Category: Contact.Choice]
    {
        try await choices(of: [userID], on: connection, logger: logger)[userID] ?? [:]
    }

    static func choices(of users: [UUID], on connection: PostgresConnection, logger: Logger) async throws
        -> [UUID: [Category: Contact.Choice]]
    {
        guard !users.isEmpty else { return [:] }
        let rows = try await connection.query(
            "SELECT user_id, category, channels, frequency FROM preferences WHERE user_id = ANY(\(users))",
            logger: logger)
        var choices: [UUID: [Category: Contact.Choice]] = [:]
        for try await (user, category, channels, frequency) in rows.decode((UUID, String, [String], String).self) {
            guard let category = Category(rawValue: category) else { continue }
            choices[user, default: [:]][category] = Contact.Choice(
                channels: channels.compactMap(Channel.init(rawValue:)),
                frequency: Frequency(rawValue: frequency) ?? .immediate)
        }
        return choices
    }
}
