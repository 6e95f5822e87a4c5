extension TemplateSeeds {
    /// Marketing category: new films and periodic digests.
    ///
    /// `genres` may be an empty string, which Mustache sections treat as true: it is therefore printed as is,
    /// without a label, so that an empty value leaves no dangling text.
    static let marketing: [String: [String: TemplateSeed]] = [
        "catalog.film.published": [
            "fr": TemplateSeed(
                subject: "Nouveau chez Homestudio : {{filmTitle}}",
                text: """
                    Bonjour {{displayName}},

                    Nouveau chez Homestudio : {{filmTitle}}
                    {{genres}}

                    Découvrez le film et réservez vos places :
                    {{webURL}}/films/{{filmId}}

                    --
                    Vous recevez ce message car vous avez choisi de recevoir les nouveautés Homestudio.
                    Pour vous désabonner : {{unsubscribeURL}}
                    """,
                html: """
                    <p>Bonjour {{displayName}},</p>
                    <h1>Nouveau chez Homestudio</h1>
                    <p><strong>{{filmTitle}}</strong><br>{{genres}}</p>
                    <p><a href="{{webURL}}/films/{{filmId}}">Découvrez le film et réservez vos places</a></p>
                    <p><small>Vous recevez ce message car vous avez choisi de recevoir les nouveautés Homestudio. \
                    <a href="{{unsubscribeURL}}">Se désabonner</a></small></p>
                    """,
                short: """
                    Nouveau chez Homestudio : {{filmTitle}}. Découvrez le film et réservez vos places !
                    """
            ),
            "en": TemplateSeed(
                subject: "New at Homestudio: {{filmTitle}}",
                text: """
                    Hello {{displayName}},

                    New at Homestudio: {{filmTitle}}
                    {{genres}}

                    Discover the film and book your seats:
                    {{webURL}}/films/{{filmId}}

                    --
                    You are receiving this message because you chose to hear about what's new at Homestudio.
                    To unsubscribe: {{unsubscribeURL}}
                    """,
                html: """
                    <p>Hello {{displayName}},</p>
                    <h1>New at Homestudio</h1>
                    <p><strong>{{filmTitle}}</strong><br>{{genres}}</p>
                    <p><a href="{{webURL}}/films/{{filmId}}">Discover the film and book your seats</a></p>
                    <p><small>You are receiving this message because you chose to hear about what's new \
                    at Homestudio. <a href="{{unsubscribeURL}}">Unsubscribe</a></small></p>
                    """,
                short: """
                    New at Homestudio: {{filmTitle}}. Discover the film and book your seats!
                    """
            ),
        ],
        "notifications.digest": [
            "fr": TemplateSeed(
                subject: "Votre résumé Homestudio",
                text: """
                    Bonjour {{displayName}},

                    Voici votre résumé {{periodLabel}} :
                    {{#items}}

                    - {{title}}
                      {{body}}
                    {{/items}}

                    Retrouvez tout le programme sur {{webURL}}
                    {{#unsubscribeURL}}

                    --
                    Vous recevez ce résumé car vous avez choisi de recevoir les nouveautés Homestudio.
                    Pour vous désabonner : {{unsubscribeURL}}
                    {{/unsubscribeURL}}
                    """,
                html: """
                    <p>Bonjour {{displayName}},</p>
                    <h1>Votre résumé {{periodLabel}}</h1>
                    <ul>{{#items}}<li><strong>{{title}}</strong><br>{{body}}</li>{{/items}}</ul>
                    <p><a href="{{webURL}}">Retrouvez tout le programme sur Homestudio</a></p>
                    {{#unsubscribeURL}}<p><small>Vous recevez ce résumé car vous avez choisi de recevoir \
                    les nouveautés Homestudio. <a href="{{unsubscribeURL}}">Se désabonner</a></small></p>\
                    {{/unsubscribeURL}}
                    """,
                short: """
                    Votre résumé Homestudio {{periodLabel}} est prêt.
                    """
            ),
            "en": TemplateSeed(
                subject: "Your Homestudio digest",
                text: """
                    Hello {{displayName}},

                    Here is what's new {{periodLabel}}:
                    {{#items}}

                    - {{title}}
                      {{body}}
                    {{/items}}

                    See the full programme at {{webURL}}
                    {{#unsubscribeURL}}

                    --
                    You are receiving this digest because you chose to hear about what's new at Homestudio.
                    To unsubscribe: {{unsubscribeURL}}
                    {{/unsubscribeURL}}
                    """,
                html: """
                    <p>Hello {{displayName}},</p>
                    <h1>What's new {{periodLabel}}</h1>
                    <ul>{{#items}}<li><strong>{{title}}</strong><br>{{body}}</li>{{/items}}</ul>
                    <p><a href="{{webURL}}">See the full programme at Homestudio</a></p>
                    {{#unsubscribeURL}}<p><small>You are receiving this digest because you chose to hear \
                    about what's new at Homestudio. <a href="{{unsubscribeURL}}">Unsubscribe</a></small></p>\
                    {{/unsubscribeURL}}
                    """,
                short: """
                    Your Homestudio digest is ready: here is what's new {{periodLabel}}.
                    """
            ),
        ],
    ]
}
