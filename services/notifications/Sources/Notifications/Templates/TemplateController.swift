import Foundation
import Hummingbird
import Persistence
import PostgresNIO
import ServiceKit

/// Staff edit the templates (templates:write): list, read with history, save a new version
/// (validated), preview with sample data, roll back (a new version copying an old one).
struct TemplateController: Sendable {
    let client: PostgresClient
    let store: TemplateStore

    struct Summary: Codable, Sendable {
        var kind: String
        var channel: String
        var locale: String
        var version: Int
        var author: String
        var createdAt: Date
    }

    struct Version: Codable, Sendable {
        var version: Int
        var subject: String
        var body: String
        var html: String?
        var author: String
        var createdAt: Date
    }

    struct Detail: Codable, Sendable, ResponseEncodable {
        var kind: String
        var channel: String
        var locale: String
        var variables: [String]
        var versions: [Version]
    }

    struct PreviewRequest: Codable, Sendable {
        var subject: String?
        var body: String?
        var html: String?
    }

    struct Rollback: Codable, Sendable {
        var version: Int
    }

    func addRoutes(to router: Router<ServiceRequestContext>) {
        router.get("/templates", use: list)
        router.get("/templates/:kind/:channel/:locale", use: detail)
        router.put("/templates/:kind/:channel/:locale", use: save)
        router.post("/templates/:kind/:channel/:locale/preview", use: preview)
        router.post("/templates/:kind/:channel/:locale/rollback", use: rollback)
    }

    func list(_ request: Request, context: ServiceRequestContext) async throws -> Page<Summary> {
        _ = try context.require("templates:write")
        let rows = try await client.query(
            """
            SELECT DISTINCT ON (event_type, channel, locale) event_type, channel, locale, version, author, created_at
            FROM templates ORDER BY event_type, channel, locale, version DESC
            """, logger: context.logger)
        var items: [Summary] = []
        for try await (kind, channel, locale, version, author, created) in rows.decode(
            (String, String, String, Int, String, Date).self)
        {
            items.append(
                Summary(
                    kind: kind, channel: channel, locale: locale, version: version, author: author, createdAt: created))
        }
        return Page(items: items, nextCursor: nil)
    }

    func detail(_ request: Request, context: ServiceRequestContext) async throws -> Detail {
        _ = try context.require("templates:write")
        let key = try Self.key(context)
        let versions = try await history(key, context)
        guard !versions.isEmpty else { throw AppError.notFound("Template") }
        return Detail(
            kind: key.kind, channel: key.channel.rawValue, locale: key.locale,
            variables: (TemplateSamples.values[key.kind] ?? [:]).keys.sorted(), versions: versions)
    }

    func save(_ request: Request, context: ServiceRequestContext) async throws -> Response {
        let identity = try context.require("templates:write")
        let key = try Self.key(context)
        let text = try await request.decode(as: TemplateText.self, context: context)
        try Self.validate(text, key: key)
        let version = try await insert(text, key: key, author: identity.email, context)
        return JSONBody.response(version, status: .created)
    }

    func preview(_ request: Request, context: ServiceRequestContext) async throws -> Response {
        _ = try context.require("templates:write")
        let key = try Self.key(context)
        let draft = try await request.decode(as: PreviewRequest.self, context: context)
        let current = try await client.withConnection { connection in
            try await store.current(
                key.kind, channel: key.channel, locale: key.locale, on: connection, logger: context.logger)
        }
        guard let current else { throw AppError.notFound("Template") }
        let text = TemplateText(
            subject: draft.subject ?? current.text.subject, body: draft.body ?? current.text.body,
            html: draft.html ?? current.text.html)
        try Self.validate(text, key: key)
        let rendered = try TemplateStore.render(text, values: TemplateSamples.values(key.kind, locale: key.locale))
        return JSONBody.response(TemplateText(subject: rendered.subject, body: rendered.body, html: rendered.html))
    }

    func rollback(_ request: Request, context: ServiceRequestContext) async throws -> Response {
        let identity = try context.require("templates:write")
        let key = try Self.key(context)
        let target = try await request.decode(as: Rollback.self, context: context)
        guard let old = try await history(key, context).first(where: { $0.version == target.version }) else {
            throw AppError.notFound("Template version")
        }
        let text = TemplateText(subject: old.subject, body: old.body, html: old.html)
        let version = try await insert(text, key: key, author: identity.email, context)
        return JSONBody.response(version, status: .created)
    }

    typealias Key = (kind: String, channel: Channel, locale: String)

    static func key(_ context: ServiceRequestContext) throws -> Key {
        let kind = try context.parameters.require("kind")
        guard TemplateSeeds.all[kind] != nil else { throw AppError.notFound("Template kind") }
        guard let channel = Channel(rawValue: try context.parameters.require("channel")) else {
            throw AppError.invalid("channel", "must be one of \(Channel.allCases.map(\.rawValue))")
        }
        let locale = try context.parameters.require("locale")
        guard TemplateStore.locales.contains(locale) else {
            throw AppError.invalid("locale", "must be one of \(TemplateStore.locales)")
        }
        return (kind, channel, locale)
    }

    /// 422 naming the part and the line of each problem.
    static func validate(_ text: TemplateText, key: Key) throws {
        let variables = TemplateSamples.values[key.kind] ?? [:]
        var errors: [Problem.FieldError] = []
        var parts = [("subject", text.subject), ("body", text.body)]
        if let html = text.html { parts.append(("html", html)) }
        for (field, source) in parts {
            errors += TemplateValidator.check(source, variables: variables).map {
                Problem.FieldError(field: field, message: $0.description)
            }
        }
        if text.body.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
            errors.append(.init(field: "body", message: "must not be empty"))
        }
        if key.channel != .sms, text.subject.trimmingCharacters(in: .whitespaces).isEmpty {
            errors.append(.init(field: "subject", message: "must not be empty"))
        }
        if key.channel != .email, text.html != nil {
            errors.append(.init(field: "html", message: "only e-mail templates have an HTML part"))
        }
        if !errors.isEmpty { throw AppError.invalid(errors) }
    }

    private func history(_ key: Key, _ context: ServiceRequestContext) async throws -> [Version] {
        let rows = try await client.query(
            """
            SELECT version, subject, body, html, author, created_at FROM templates
            WHERE event_type = \(key.kind) AND channel = \(key.channel.rawValue) AND locale = \(key.locale)
            ORDER BY version DESC
            """, logger: context.logger)
        var versions: [Version] = []
        for try await (version, subject, body, html, author, created) in rows.decode(
            (Int, String, String, String?, String, Date).self)
        {
            versions.append(
                Version(version: version, subject: subject, body: body, html: html, author: author, createdAt: created))
        }
        return versions
    }

    /// The next version number under a lock of the key, so that two editors never collide.
    private func insert(_ text: TemplateText, key: Key, author: String, _ context: ServiceRequestContext)
        async throws -> Version
    {
        try await client.transaction(logger: context.logger) { connection in
            let lockKey = "\(key.kind)|\(key.channel.rawValue)|\(key.locale)"
            try await connection.query("SELECT pg_advisory_xact_lock(hashtext(\(lockKey)))", logger: context.logger)
            let rows = try await connection.query(
                """
                INSERT INTO templates (event_type, channel, locale, version, subject, body, html, author)
                SELECT \(key.kind), \(key.channel.rawValue), \(key.locale), COALESCE(max(version), 0) + 1,
                       \(text.subject), \(text.body), \(text.html), \(author)
                FROM templates
                WHERE event_type = \(key.kind) AND channel = \(key.channel.rawValue) AND locale = \(key.locale)
                RETURNING version, created_at
                """, logger: context.logger)
            var inserted = (version: 0, created: Date.now)
            for try await row in rows.decode((Int, Date).self) { inserted = row }
            let (version, created) = inserted
            return Version(
                version: version, subject: text.subject, body: text.body, html: text.html, author: author,
                createdAt: created)
        }
    }
}

extension TemplateController.Version: ResponseEncodable {}
extension TemplateText: ResponseEncodable {}
