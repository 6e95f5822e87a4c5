extension TemplateSeeds {
    /// Account (security) category: registration, lock, password and role changes.
    static let account: [String: [String: TemplateSeed]] = [
        "auth.user.registered": [
            "fr": TemplateSeed(
                subject: "Bienvenue sur Homestudio",
                text: """
                    Bonjour {{displayName}},

                    Votre compte Homestudio est créé. Bonnes séances !
                    {{#verificationToken}}

                    Confirmez votre adresse e-mail : {{webURL}}/verify-email?token={{verificationToken}}
                    {{/verificationToken}}
                    """,
                html: """
                    <p>Bonjour {{displayName}},</p>
                    <p>Votre compte Homestudio est créé. Bonnes séances !</p>
                    {{#verificationToken}}<p><a href="{{webURL}}/verify-email?token={{verificationToken}}">\
                    Confirmez votre adresse e-mail</a></p>{{/verificationToken}}
                    """,
                short: """
                    Bienvenue sur Homestudio, {{displayName}} ! Votre compte est créé. Bonnes séances !\
                    {{#verificationToken}} Pensez à confirmer votre adresse e-mail.{{/verificationToken}}
                    """
            ),
            "en": TemplateSeed(
                subject: "Welcome to Homestudio",
                text: """
                    Hello {{displayName}},

                    Your Homestudio account is ready. Enjoy the films!
                    {{#verificationToken}}

                    Confirm your e-mail address: {{webURL}}/verify-email?token={{verificationToken}}
                    {{/verificationToken}}
                    """,
                html: """
                    <p>Hello {{displayName}},</p>
                    <p>Your Homestudio account is ready. Enjoy the films!</p>
                    {{#verificationToken}}<p><a href="{{webURL}}/verify-email?token={{verificationToken}}">\
                    Confirm your e-mail address</a></p>{{/verificationToken}}
                    """,
                short: """
                    Welcome to Homestudio, {{displayName}}! Your account is ready. Enjoy the films!\
                    {{#verificationToken}} Remember to confirm your e-mail address.{{/verificationToken}}
                    """
            ),
        ],
        "auth.user.registration_repeated": [
            "fr": TemplateSeed(
                subject: "Votre compte Homestudio existe déjà",
                text: """
                    Bonjour {{displayName}},

                    Quelqu'un vient de tenter de créer un compte Homestudio avec votre adresse, qui en a déjà un. \
                    Si c'était vous, connectez-vous ou choisissez un nouveau mot de passe :
                    {{webURL}}/forgot-password

                    Sinon, ignorez ce message : rien n'a changé.
                    """,
                html: """
                    <p>Bonjour {{displayName}},</p>
                    <p>Quelqu'un vient de tenter de créer un compte Homestudio avec votre adresse, qui en a déjà un. \
                    Si c'était vous, connectez-vous ou \
                    <a href="{{webURL}}/forgot-password">choisissez un nouveau mot de passe</a>.</p>
                    <p>Sinon, ignorez ce message : rien n'a changé.</p>
                    """,
                short: """
                    Quelqu'un a tenté de créer un compte Homestudio avec votre adresse, qui en a déjà un. \
                    Si ce n'était pas vous, ignorez ce message : rien n'a changé.
                    """
            ),
            "en": TemplateSeed(
                subject: "You already have a Homestudio account",
                text: """
                    Hello {{displayName}},

                    Someone just tried to create a Homestudio account with your address, which already has one. \
                    If this was you, log in or choose a new password:
                    {{webURL}}/forgot-password

                    Otherwise, ignore this message: nothing changed.
                    """,
                html: """
                    <p>Hello {{displayName}},</p>
                    <p>Someone just tried to create a Homestudio account with your address, which already has one. \
                    If this was you, log in or <a href="{{webURL}}/forgot-password">choose a new password</a>.</p>
                    <p>Otherwise, ignore this message: nothing changed.</p>
                    """,
                short: """
                    Someone tried to create a Homestudio account with your address, which already has one. \
                    If this was not you, ignore this message: nothing changed.
                    """
            ),
        ],
        "auth.user.locked": [
            "fr": TemplateSeed(
                subject: "Votre compte Homestudio est temporairement bloqué",
                text: """
                    Bonjour {{displayName}},

                    Après plusieurs essais de mot de passe erronés, la connexion à votre compte est bloquée \
                    jusqu'au {{lockedUntil}}. Si ce n'était pas vous, changez votre mot de passe.
                    """,
                html: """
                    <p>Bonjour {{displayName}},</p>
                    <p>Après plusieurs essais de mot de passe erronés, la connexion à votre compte est bloquée \
                    jusqu'au {{lockedUntil}}. Si ce n'était pas vous, changez votre mot de passe.</p>
                    """,
                short: """
                    Après plusieurs mots de passe erronés, votre compte Homestudio est bloqué \
                    jusqu'au {{lockedUntil}}. Si ce n'était pas vous, changez votre mot de passe.
                    """
            ),
            "en": TemplateSeed(
                subject: "Your Homestudio account is temporarily locked",
                text: """
                    Hello {{displayName}},

                    After several wrong passwords, logging in to your account is locked until {{lockedUntil}}. \
                    If this was not you, change your password.
                    """,
                html: """
                    <p>Hello {{displayName}},</p>
                    <p>After several wrong passwords, logging in to your account is locked until {{lockedUntil}}. \
                    If this was not you, change your password.</p>
                    """,
                short: """
                    After several wrong passwords, your Homestudio account is locked until {{lockedUntil}}. \
                    If this was not you, change your password.
                    """
            ),
        ],
        "auth.password_reset.requested": [
            "fr": TemplateSeed(
                subject: "Réinitialiser votre mot de passe Homestudio",
                text: """
                    Bonjour {{displayName}},

                    Pour choisir un nouveau mot de passe, ouvrez ce lien avant le {{expiresAt}} :
                    {{webURL}}/reset-password?token={{token}}

                    Si vous n'avez rien demandé, ignorez ce message.
                    """,
                html: """
                    <p>Bonjour {{displayName}},</p>
                    <p>Pour choisir un nouveau mot de passe, ouvrez \
                    <a href="{{webURL}}/reset-password?token={{token}}">ce lien</a> avant le {{expiresAt}}.</p>
                    <p>Si vous n'avez rien demandé, ignorez ce message.</p>
                    """,
                short: """
                    Pour choisir un nouveau mot de passe Homestudio, ouvrez le lien envoyé par e-mail \
                    avant le {{expiresAt}}. Si vous n'avez rien demandé, ignorez ce message.
                    """
            ),
            "en": TemplateSeed(
                subject: "Reset your Homestudio password",
                text: """
                    Hello {{displayName}},

                    To choose a new password, open this link before {{expiresAt}}:
                    {{webURL}}/reset-password?token={{token}}

                    If you did not ask for this, ignore this message.
                    """,
                html: """
                    <p>Hello {{displayName}},</p>
                    <p>To choose a new password, open \
                    <a href="{{webURL}}/reset-password?token={{token}}">this link</a> before {{expiresAt}}.</p>
                    <p>If you did not ask for this, ignore this message.</p>
                    """,
                short: """
                    To choose a new Homestudio password, open the link sent by e-mail before {{expiresAt}}. \
                    If you did not ask for this, ignore this message.
                    """
            ),
        ],
        "auth.password.changed": [
            "fr": TemplateSeed(
                subject: "Votre mot de passe Homestudio a changé",
                text: """
                    Bonjour {{displayName}},

                    Votre mot de passe vient d'être changé et toutes vos sessions ont été fermées. \
                    Si ce n'était pas vous, contactez-nous.
                    """,
                html: """
                    <p>Bonjour {{displayName}},</p>
                    <p>Votre mot de passe vient d'être changé et toutes vos sessions ont été fermées. \
                    Si ce n'était pas vous, contactez-nous.</p>
                    """,
                short: """
                    Votre mot de passe Homestudio vient d'être changé et toutes vos sessions ont été fermées. \
                    Si ce n'était pas vous, contactez-nous.
                    """
            ),
            "en": TemplateSeed(
                subject: "Your Homestudio password changed",
                text: """
                    Hello {{displayName}},

                    Your password was just changed and every session was closed. If this was not you, contact us.
                    """,
                html: """
                    <p>Hello {{displayName}},</p>
                    <p>Your password was just changed and every session was closed. If this was not you, contact us.</p>
                    """,
                short: """
                    Your Homestudio password was just changed and every session was closed. \
                    If this was not you, contact us.
                    """
            ),
        ],
        "auth.user.role_changed": [
            "fr": TemplateSeed(
                subject: "Votre rôle sur Homestudio a changé",
                text: """
                    Bonjour {{displayName}},

                    Votre rôle sur Homestudio est passé de {{oldRole}} à {{newRole}}.

                    Si ce changement vous surprend, contactez-nous.
                    """,
                html: """
                    <p>Bonjour {{displayName}},</p>
                    <p>Votre rôle sur Homestudio est passé de <strong>{{oldRole}}</strong> \
                    à <strong>{{newRole}}</strong>.</p>
                    <p>Si ce changement vous surprend, contactez-nous.</p>
                    """,
                short: """
                    Votre rôle sur Homestudio est passé de {{oldRole}} à {{newRole}}. \
                    Si ce changement vous surprend, contactez-nous.
                    """
            ),
            "en": TemplateSeed(
                subject: "Your Homestudio role changed",
                text: """
                    Hello {{displayName}},

                    Your Homestudio role changed from {{oldRole}} to {{newRole}}.

                    If you did not expect this change, contact us.
                    """,
                html: """
                    <p>Hello {{displayName}},</p>
                    <p>Your Homestudio role changed from <strong>{{oldRole}}</strong> \
                    to <strong>{{newRole}}</strong>.</p>
                    <p>If you did not expect this change, contact us.</p>
                    """,
                short: """
                    Your Homestudio role changed from {{oldRole}} to {{newRole}}. \
                    If you did not expect this change, contact us.
                    """
            ),
        ],
    ]
}
