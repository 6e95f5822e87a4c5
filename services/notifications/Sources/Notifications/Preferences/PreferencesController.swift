import Foundation
import Hummingbird
import Persistence
import PostgresNIO
import ServiceKit

/// A person's notification preferences (`GET`/`PUT /preferences`, their own only) and the
/// one-click unsubscribe of marketing messages (`GET`/`POST /unsubscribe?token=`, no login: the
/// token is signed).
struct PreferencesController: Sendable {
    let client: PostgresClient
    let links: UnsubscribeLinks

    struct CategoryChoice: Codable, Sendable, Equatable {
        var channels: [Channel]
        var frequency: Frequency
    }

    struct QuietWindow: Codable, Sendable, Equatable {
        var start: String
        var end: String
    }

    struct Filters: Codable, Sendable, Equatable {
        var genres: [String]
        var languages: [String]
    }

    struct Preferences: Codable, Sendable, ResponseEncodable {
        var language: String?
        var timeZone: String?
        var phone: String?
        var quietHours: QuietWindow?
        var filters: Filters?
        var categories: [String: CategoryChoice]?
    }

    func addRoutes(to router: Router<ServiceRequestContext>) {
        router.get("/preferences", use: read)
        router.put("/preferences", use: update)
        router.get("/unsubscribe", use: confirmPage)
        router.post("/unsubscribe", use: unsubscribe)
    }

    func read(_ request: Request, context: ServiceRequestContext) async throws -> Preferences {
        let identity = try context.requireIdentity()
        return try await client.transaction(logger: context.logger) { connection in
            try await Contacts.ensure(identity, on: connection, logger: context.logger)
            guard let contact = try await Contacts.find(identity.userID, on: connection, logger: context.logger) else {
                throw AppError.notFound("Contact")
            }
            return Self.preferences(contact)
        }
    }

    func update(_ request: Request, context: ServiceRequestContext) async throws -> Preferences {
        let identity = try context.requireIdentity()
        let wanted = try await request.decode(as: Preferences.self, context: context)
        let choices = try PreferencesValidation.check(wanted)
        return try await client.transaction(logger: context.logger) { connection in
            try await Contacts.ensure(identity, on: connection, logger: context.logger)
            try await save(identity.userID, wanted, choices, connection, context)
            guard let contact = try await Contacts.find(identity.userID, on: connection, logger: context.logger) else {
                throw AppError.notFound("Contact")
            }
            return Self.preferences(contact)
        }
    }

    /// The link in the e-mail opens a page whose button POSTs (RFC 8058: a GET, which mail scanners
    /// follow, must not unsubscribe); mail clients POST directly with `List-Unsubscribe-Post`.
    func confirmPage(_ request: Request, context: ServiceRequestContext) async throws -> Response {
        let token = try Self.token(request, links)
        let rows = try await client.query(
            "SELECT language FROM contacts WHERE user_id = \(token.1)", logger: context.logger)
        let page = Self.unsubscribePage(
            token: token.0, language: try await rows.decode(String.self).firstElement() ?? Formatting.defaultLanguage)
        return Response(
            status: .ok, headers: [.contentType: "text/html; charset=utf-8"],
            body: .init(byteBuffer: ByteBuffer(string: page)))
    }

    /// The confirmation page, in the language of the person the link names.
    static func unsubscribePage(token: String, language: String) -> String {
        let english = language == "en"
        let question =
            english ? "Stop receiving Homestudio news?" : "Ne plus recevoir les nouveautés Homestudio ?"
        let button = english ? "Unsubscribe" : "Se désabonner"
        return """
            <!doctype html><html lang="\(english ? "en" : "fr")"><meta charset="utf-8"><title>Homestudio</title>
            <form method="post" action="?token=\(token)"><p>\(question)</p><button type="submit">\(button)</button></form>
            """
    }

    static func token(_ request: Request, _ links: UnsubscribeLinks) throws -> (String, UUID) {
        guard let token = request.uri.queryParameters["token"].map(String.init), let user = links.user(from: token)
        else { throw AppError.invalid("token", "is not a valid unsubscribe link") }
        return (token, user)
    }

    func unsubscribe(_ request: Request, context: ServiceRequestContext) async throws -> Response {
        let (_, user) = try Self.token(request, links)
        try await client.query(
            """
            INSERT INTO preferences (user_id, category, channels, frequency)
            SELECT user_id, 'marketing', '{}', 'immediate' FROM contacts WHERE user_id = \(user)
            ON CONFLICT (user_id, category) DO UPDATE SET channels = '{}'
            """, logger: context.logger)
        context.logger.info("marketing unsubscribed", metadata: ["userId": "\(user)"])
        return JSONBody.response(["unsubscribed": "marketing"])
    }

    private func save(
        _ user: UUID, _ wanted: Preferences, _ choices: [Category: CategoryChoice], _ connection: PostgresConnection,
        _ context: ServiceRequestContext
    ) async throws {
        let logger = context.logger
        if let language = wanted.language {
            try await connection.query(
                "UPDATE contacts SET language = \(language), language_chosen = true WHERE user_id = \(user)",
                logger: logger)
        }
        if let zone = wanted.timeZone {
            try await connection.query(
                "UPDATE contacts SET time_zone = \(zone) WHERE user_id = \(user)", logger: logger)
        }
        if let phone = wanted.phone {
            let value: String? = phone.isEmpty ? nil : phone
            try await connection.query("UPDATE contacts SET phone = \(value) WHERE user_id = \(user)", logger: logger)
        }
        if let quiet = wanted.quietHours {
            let start: String? = quiet.start.isEmpty ? nil : quiet.start
            let end: String? = quiet.end.isEmpty ? nil : quiet.end
            try await connection.query(
                "UPDATE contacts SET quiet_start = \(start)::time, quiet_end = \(end)::time WHERE user_id = \(user)",
                logger: logger)
        }
        if let filters = wanted.filters {
            try await connection.query(
                """
                UPDATE contacts SET favourite_genres = \(filters.genres.map { $0.lowercased() }),
                    favourite_languages = \(filters.languages.map { $0.lowercased() }) WHERE user_id = \(user)
                """, logger: logger)
        }
        for (category, choice) in choices {
            try await connection.query(
                """
                INSERT INTO preferences (user_id, category, channels, frequency)
                VALUES (\(user), \(category.rawValue), \(choice.channels.map(\.rawValue)), \(choice.frequency.rawValue))
                ON CONFLICT (user_id, category) DO UPDATE SET channels = EXCLUDED.channels,
                    frequency = EXCLUDED.frequency
                """, logger: logger)
        }
    }

    static func preferences(_ contact: Contact) -> Preferences {
        var categories: [String: CategoryChoice] = [:]
        for category in Category.personal {
            let choice = contact.choice(category)
            categories[category.rawValue] = CategoryChoice(channels: choice.channels, frequency: choice.frequency)
        }
        let quiet = contact.quietHours.map {
            QuietWindow(
                start: String(format: "%02d:%02d", $0.start / 60, $0.start % 60),
                end: String(format: "%02d:%02d", $0.end / 60, $0.end % 60))
        }
        return Preferences(
            language: contact.language, timeZone: contact.timeZone, phone: contact.phone, quietHours: quiet,
            filters: Filters(genres: contact.favouriteGenres, languages: contact.favouriteLanguages),
            categories: categories)
    }
}

/// The rules a preferences update must follow (422 naming each problem).
enum PreferencesValidation {
    static func check(_ wanted: PreferencesController.Preferences) throws -> [Category: PreferencesController
        .CategoryChoice]
    {
        var errors: [Problem.FieldError] = []
        if let language = wanted.language, !TemplateStore.locales.contains(language) {
            errors.append(.init(field: "language", message: "must be one of \(TemplateStore.locales)"))
        }
        if let zone = wanted.timeZone, TimeZone(identifier: zone) == nil {
            errors.append(.init(field: "timeZone", message: "is not a known IANA time zone"))
        }
        if let phone = wanted.phone, !phone.isEmpty, phone.wholeMatch(of: /\+[1-9][0-9]{6,14}/) == nil {
            errors.append(.init(field: "phone", message: "must be an E.164 number such as +33612345678"))
        }
        if let quiet = wanted.quietHours, !(quiet.start.isEmpty && quiet.end.isEmpty),
            QuietHours(start: quiet.start, end: quiet.end) == nil
        {
            errors.append(.init(field: "quietHours", message: "start and end must be different HH:mm times"))
        }
        var choices: [Category: PreferencesController.CategoryChoice] = [:]
        for (name, choice) in wanted.categories ?? [:] {
            guard let category = Category(rawValue: name), Category.personal.contains(category) else {
                errors.append(.init(field: "categories.\(name)", message: "is not a category"))
                continue
            }
            if category.isEssential, choice.channels.isEmpty {
                errors.append(
                    .init(field: "categories.\(name)", message: "cannot be switched off entirely: keep one channel"))
            }
            if choice.frequency != .immediate, !category.allowsDigest {
                errors.append(.init(field: "categories.\(name).frequency", message: "only marketing can be a digest"))
            }
            choices[category] = .init(
                channels: Array(Set(choice.channels)).sorted { $0.rawValue < $1.rawValue },
                frequency: choice.frequency)
        }
        if !errors.isEmpty { throw AppError.invalid(errors) }
        return choices
    }
}
