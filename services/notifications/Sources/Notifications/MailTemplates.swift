import Foundation
import Mustache

/// A message to send, built from an event.
enum Notification {
    case bookingConfirmed(BookingConfirmed)
    case userRegistered(UserRegistered)
    case registrationRepeated(RegistrationRepeated)
    case userLocked(UserLocked)
    case passwordResetRequested(PasswordResetRequested)
    case passwordChanged(PasswordChanged)

    var recipient: String {
        switch self {
        case .bookingConfirmed(let event): event.userEmail
        case .userRegistered(let event): event.email
        case .registrationRepeated(let event): event.email
        case .userLocked(let event): event.email
        case .passwordResetRequested(let event): event.email
        case .passwordChanged(let event): event.email
        }
    }

    var language: String {
        switch self {
        case .bookingConfirmed: "fr"
        case .userRegistered(let event): event.language
        case .registrationRepeated(let event): event.language
        case .userLocked(let event): event.language
        case .passwordResetRequested(let event): event.language
        case .passwordChanged(let event): event.language
        }
    }

    var template: String {
        switch self {
        case .bookingConfirmed: "booking-confirmed"
        case .userRegistered: "user-registered"
        case .registrationRepeated: "registration-repeated"
        case .userLocked: "user-locked"
        case .passwordResetRequested: "password-reset"
        case .passwordChanged: "password-changed"
        }
    }

    /// The values the templates may use.
    var values: [String: Any] {
        switch self {
        case .bookingConfirmed(let event):
            [
                "filmTitle": event.filmTitle, "cinemaName": event.cinemaName, "auditoriumName": event.auditoriumName,
                "startsAt": Formatting.dateTime(event.startsAt, language: language),
                "amount": Formatting.money(event.amount, currency: event.currency, language: language),
                "bookingId": event.bookingId.uuidString.lowercased(),
                "tickets": event.tickets.map { ["code": $0.code, "seat": "\($0.row)\($0.number)"] },
            ]
        case .userRegistered(let event):
            ["displayName": event.displayName, "verificationToken": event.verificationToken ?? false]
        case .userLocked(let event):
            [
                "displayName": event.displayName,
                "lockedUntil": Formatting.dateTime(event.lockedUntil, language: language),
            ]
        case .passwordResetRequested(let event):
            [
                "displayName": event.displayName, "token": event.token,
                "expiresAt": Formatting.dateTime(event.expiresAt, language: language),
            ]
        case .passwordChanged(let event):
            ["displayName": event.displayName]
        case .registrationRepeated(let event):
            ["displayName": event.displayName]
        }
    }
}

struct RenderedMail: Sendable {
    var subject: String
    var text: String
    var html: String
}

/// Mustache templates per message × locale (fr is the default), each with subject, text and HTML.
struct MailTemplates: Sendable {
    let templates: [String: (subject: MustacheTemplate, text: MustacheTemplate, html: MustacheTemplate)]

    init() throws {
        var compiled: [String: (MustacheTemplate, MustacheTemplate, MustacheTemplate)] = [:]
        for (key, source) in Self.sources {
            compiled[key] = (
                try MustacheTemplate(string: source.subject), try MustacheTemplate(string: source.text),
                try MustacheTemplate(string: source.html)
            )
        }
        templates = compiled
    }

    /// `extra` adds installation values such as `webURL` (links in messages).
    func render(_ notification: Notification, extra: [String: String] = [:]) -> RenderedMail? {
        let key = "\(notification.template).\(notification.language)"
        guard let template = templates[key] ?? templates["\(notification.template).fr"] else { return nil }
        let values = notification.values.merging(extra) { current, _ in current }
        return RenderedMail(
            subject: template.subject.render(values), text: template.text.render(values),
            html: template.html.render(values))
    }

    static let sources: [String: (subject: String, text: String, html: String)] = [
        "booking-confirmed.fr": (
            "Vos billets pour {{filmTitle}}",
            """
            Votre réservation est confirmée.

            {{filmTitle}} — {{cinemaName}}, {{auditoriumName}}
            Séance : {{startsAt}}
            Montant payé : {{amount}}

            Vos billets :
            {{#tickets}}
            - Place {{seat}} : {{code}}
            {{/tickets}}

            Référence : {{bookingId}}
            """,
            """
            <h1>Votre réservation est confirmée</h1>
            <p><strong>{{filmTitle}}</strong> — {{cinemaName}}, {{auditoriumName}}<br>Séance : {{startsAt}}<br>Montant payé : {{amount}}</p>
            <ul>{{#tickets}}<li>Place {{seat}} : <code>{{code}}</code></li>{{/tickets}}</ul>
            <p>Référence : {{bookingId}}</p>
            """
        ),
        "booking-confirmed.en": (
            "Your tickets for {{filmTitle}}",
            """
            Your booking is confirmed.

            {{filmTitle}} — {{cinemaName}}, {{auditoriumName}}
            Screening: {{startsAt}}
            Amount paid: {{amount}}

            Your tickets:
            {{#tickets}}
            - Seat {{seat}}: {{code}}
            {{/tickets}}

            Reference: {{bookingId}}
            """,
            """
            <h1>Your booking is confirmed</h1>
            <p><strong>{{filmTitle}}</strong> — {{cinemaName}}, {{auditoriumName}}<br>Screening: {{startsAt}}<br>Amount paid: {{amount}}</p>
            <ul>{{#tickets}}<li>Seat {{seat}}: <code>{{code}}</code></li>{{/tickets}}</ul>
            <p>Reference: {{bookingId}}</p>
            """
        ),
        "user-registered.fr": (
            "Bienvenue sur Homestudio",
            "Bonjour {{displayName}},\n\nVotre compte Homestudio est créé. Bonnes séances !\n{{#verificationToken}}\nConfirmez votre adresse e-mail : {{webURL}}/verify-email?token={{verificationToken}}\n{{/verificationToken}}",
            "<p>Bonjour {{displayName}},</p><p>Votre compte Homestudio est créé. Bonnes séances !</p>{{#verificationToken}}<p><a href=\"{{webURL}}/verify-email?token={{verificationToken}}\">Confirmez votre adresse e-mail</a></p>{{/verificationToken}}"
        ),
        "user-registered.en": (
            "Welcome to Homestudio",
            "Hello {{displayName}},\n\nYour Homestudio account is ready. Enjoy the films!\n{{#verificationToken}}\nConfirm your e-mail address: {{webURL}}/verify-email?token={{verificationToken}}\n{{/verificationToken}}",
            "<p>Hello {{displayName}},</p><p>Your Homestudio account is ready. Enjoy the films!</p>{{#verificationToken}}<p><a href=\"{{webURL}}/verify-email?token={{verificationToken}}\">Confirm your e-mail address</a></p>{{/verificationToken}}"
        ),
        "user-locked.fr": (
            "Votre compte Homestudio est temporairement bloqué",
            "Bonjour {{displayName}},\n\nAprès plusieurs essais de mot de passe erronés, la connexion à votre compte est bloquée jusqu'au {{lockedUntil}}. Si ce n'était pas vous, changez votre mot de passe.\n",
            "<p>Bonjour {{displayName}},</p><p>Après plusieurs essais de mot de passe erronés, la connexion à votre compte est bloquée jusqu'au {{lockedUntil}}. Si ce n'était pas vous, changez votre mot de passe.</p>"
        ),
        "user-locked.en": (
            "Your Homestudio account is temporarily locked",
            "Hello {{displayName}},\n\nAfter several wrong passwords, logging in to your account is locked until {{lockedUntil}}. If this was not you, change your password.\n",
            "<p>Hello {{displayName}},</p><p>After several wrong passwords, logging in to your account is locked until {{lockedUntil}}. If this was not you, change your password.</p>"
        ),
        "password-reset.fr": (
            "Réinitialiser votre mot de passe Homestudio",
            "Bonjour {{displayName}},\n\nPour choisir un nouveau mot de passe, ouvrez ce lien avant le {{expiresAt}} :\n{{webURL}}/reset-password?token={{token}}\n\nSi vous n'avez rien demandé, ignorez ce message.\n",
            "<p>Bonjour {{displayName}},</p><p>Pour choisir un nouveau mot de passe, ouvrez <a href=\"{{webURL}}/reset-password?token={{token}}\">ce lien</a> avant le {{expiresAt}}.</p><p>Si vous n'avez rien demandé, ignorez ce message.</p>"
        ),
        "password-reset.en": (
            "Reset your Homestudio password",
            "Hello {{displayName}},\n\nTo choose a new password, open this link before {{expiresAt}}:\n{{webURL}}/reset-password?token={{token}}\n\nIf you did not ask for this, ignore this message.\n",
            "<p>Hello {{displayName}},</p><p>To choose a new password, open <a href=\"{{webURL}}/reset-password?token={{token}}\">this link</a> before {{expiresAt}}.</p><p>If you did not ask for this, ignore this message.</p>"
        ),
        "registration-repeated.fr": (
            "Votre compte Homestudio existe déjà",
            "Bonjour {{displayName}},\n\nQuelqu'un vient de tenter de créer un compte Homestudio avec votre adresse, qui en a déjà un. Si c'était vous, connectez-vous ou choisissez un nouveau mot de passe :\n{{webURL}}/forgot-password\n\nSinon, ignorez ce message : rien n'a changé.\n",
            "<p>Bonjour {{displayName}},</p><p>Quelqu'un vient de tenter de créer un compte Homestudio avec votre adresse, qui en a déjà un. Si c'était vous, connectez-vous ou <a href=\"{{webURL}}/forgot-password\">choisissez un nouveau mot de passe</a>.</p><p>Sinon, ignorez ce message : rien n'a changé.</p>"
        ),
        "registration-repeated.en": (
            "You already have a Homestudio account",
            "Hello {{displayName}},\n\nSomeone just tried to create a Homestudio account with your address, which already has one. If this was you, log in or choose a new password:\n{{webURL}}/forgot-password\n\nOtherwise, ignore this message: nothing changed.\n",
            "<p>Hello {{displayName}},</p><p>Someone just tried to create a Homestudio account with your address, which already has one. If this was you, log in or <a href=\"{{webURL}}/forgot-password\">choose a new password</a>.</p><p>Otherwise, ignore this message: nothing changed.</p>"
        ),
        "password-changed.fr": (
            "Votre mot de passe Homestudio a changé",
            "Bonjour {{displayName}},\n\nVotre mot de passe vient d'être changé et toutes vos sessions ont été fermées. Si ce n'était pas vous, contactez-nous.\n",
            "<p>Bonjour {{displayName}},</p><p>Votre mot de passe vient d'être changé et toutes vos sessions ont été fermées. Si ce n'était pas vous, contactez-nous.</p>"
        ),
        "password-changed.en": (
            "Your Homestudio password changed",
            "Hello {{displayName}},\n\nYour password was just changed and every session was closed. If this was not you, contact us.\n",
            "<p>Hello {{displayName}},</p><p>Your password was just changed and every session was closed. If this was not you, contact us.</p>"
        ),
    ]
}

enum Formatting {
    static func money(_ minor: Int, currency: String, language: String) -> String {
        let locale = Locale(identifier: language == "en" ? "en_GB" : "fr_FR")
        return (Decimal(minor) / 100).formatted(.currency(code: currency).locale(locale))
    }

    static func dateTime(_ date: Date, language: String) -> String {
        var style = Date.FormatStyle(date: .long, time: .shortened)
        style.locale = Locale(identifier: language == "en" ? "en_GB" : "fr_FR")
        style.timeZone = TimeZone(identifier: "Europe/Paris") ?? .gmt
        return date.formatted(style)
    }
}
