import Foundation
import Logging
import Mustache
import PostgresNIO
import ServiceKit

/// A template's text for one channel: e-mail uses all three parts; SMS only `body`; push and
/// in-app `subject` (the title) and `body`.
struct TemplateText: Codable, Sendable, Equatable {
    var subject: String
    var body: String
    var html: String?
}

struct RenderedMessage: Sendable {
    var subject: String
    var body: String
    var html: String?
}

struct TemplateNotFound: Error, CustomStringConvertible {
    var key: String
    var description: String { "no template for \(key)" }
}

/// The templates, versioned in the `templates` table (a new version per edit, never an update):
/// the newest version of (kind, channel, locale) is the one in use, French when the person's
/// locale has none. Seeded at start from `TemplateSeeds`: version 1 where none exists, and a new
/// version when the seed changed and the version in use is still a seed (a staff edit is kept).
struct TemplateStore: Sendable {
    static let locales = ["fr", "en"]

    func seed(_ client: PostgresClient, logger: Logger) async throws {
        for (kind, byLocale) in TemplateSeeds.all {
            for (locale, seed) in byLocale {
                for channel in Channel.allCases {
                    let text = Self.seedText(seed, channel)
                    try await client.query(
                        """
                        WITH newest AS (
                            SELECT version, subject, body, html, author FROM templates
                            WHERE event_type = \(kind) AND channel = \(channel.rawValue) AND locale = \(locale)
                            ORDER BY version DESC LIMIT 1)
                        INSERT INTO templates (event_type, channel, locale, version, subject, body, html, author)
                        SELECT \(kind), \(channel.rawValue), \(locale), COALESCE((SELECT version FROM newest), 0) + 1,
                               \(text.subject), \(text.body), \(text.html), 'seed'
                        WHERE NOT EXISTS (SELECT 1 FROM newest)
                           OR EXISTS (SELECT 1 FROM newest WHERE author = 'seed'
                                      AND (subject, body, html) IS DISTINCT FROM
                                          (\(text.subject)::text, \(text.body)::text, \(text.html)::text))
                        ON CONFLICT DO NOTHING
                        """, logger: logger)
                }
            }
        }
    }

    static func seedText(_ seed: TemplateSeed, _ channel: Channel) -> TemplateText {
        switch channel {
        case .email: TemplateText(subject: seed.subject, body: seed.text, html: seed.html)
        case .sms: TemplateText(subject: "", body: seed.short, html: nil)
        case .push, .inapp: TemplateText(subject: seed.subject, body: seed.short, html: nil)
        }
    }

    /// The newest version: (version, text), falling back to French.
    func current(_ kind: String, channel: Channel, locale: String, on connection: PostgresConnection, logger: Logger)
        async throws -> (version: Int, text: TemplateText)?
    {
        for candidate in Self.locales.contains(locale) && locale != "fr" ? [locale, "fr"] : ["fr"] {
            let rows = try await connection.query(
                """
                SELECT version, subject, body, html FROM templates
                WHERE event_type = \(kind) AND channel = \(channel.rawValue) AND locale = \(candidate)
                ORDER BY version DESC LIMIT 1
                """, logger: logger)
            for try await (version, subject, body, html) in rows.decode((Int, String, String, String?).self) {
                return (version, TemplateText(subject: subject, body: body, html: html))
            }
        }
        return nil
    }

    func render(
        _ kind: String, channel: Channel, locale: String, values: [String: JSONValue],
        on connection: PostgresConnection, logger: Logger
    ) async throws -> RenderedMessage {
        guard let template = try await current(kind, channel: channel, locale: locale, on: connection, logger: logger)
        else { throw TemplateNotFound(key: "\(kind)/\(channel.rawValue)/\(locale)") }
        return try Self.render(template.text, values: values.mapValues(\.mustacheValue))
    }

    /// Subject and plain bodies are rendered as text (no HTML escaping), the HTML body as HTML.
    static func render(_ text: TemplateText, values: [String: Any]) throws -> RenderedMessage {
        func plain(_ source: String) throws -> String {
            try MustacheTemplate(string: "{{% CONTENT_TYPE: TEXT}}" + source).render(values)
        }
        return RenderedMessage(
            subject: try plain(text.subject), body: try plain(text.body),
            html: try text.html.map { try MustacheTemplate(string: $0).render(values) })
    }
}
