extension TemplateSeeds {
    /// Alerts category: messages for staff members when an alert rule fires (no `displayName`).
    static let alerts: [String: [String: TemplateSeed]] = [
        "notifications.alert.occupancy": [
            "fr": TemplateSeed(
                subject: "Alerte remplissage : {{filmTitle}} à {{percent}} %",
                text: """
                    Règle : {{ruleName}}

                    La séance de {{filmTitle}} du {{startsAt}} est remplie à {{percent}} % : \
                    {{sold}} places vendues sur {{capacity}}.
                    """,
                html: """
                    <h1>Alerte remplissage</h1>
                    <p>Règle : {{ruleName}}</p>
                    <p>La séance de <strong>{{filmTitle}}</strong> du {{startsAt}} est remplie à {{percent}} % : \
                    {{sold}} places vendues sur {{capacity}}.</p>
                    """,
                short: """
                    {{ruleName}} : la séance de {{filmTitle}} du {{startsAt}} est remplie à {{percent}} % \
                    ({{sold}} places vendues sur {{capacity}}).
                    """
            ),
            "en": TemplateSeed(
                subject: "Occupancy alert: {{filmTitle}} at {{percent}}%",
                text: """
                    Rule: {{ruleName}}

                    The screening of {{filmTitle}} on {{startsAt}} is {{percent}}% full: \
                    {{sold}} of {{capacity}} seats sold.
                    """,
                html: """
                    <h1>Occupancy alert</h1>
                    <p>Rule: {{ruleName}}</p>
                    <p>The screening of <strong>{{filmTitle}}</strong> on {{startsAt}} is {{percent}}% full: \
                    {{sold}} of {{capacity}} seats sold.</p>
                    """,
                short: """
                    {{ruleName}}: the screening of {{filmTitle}} on {{startsAt}} is {{percent}}% full \
                    ({{sold}} of {{capacity}} seats sold).
                    """
            ),
        ],
        "notifications.alert.fraud": [
            "fr": TemplateSeed(
                subject: "Alerte fraude : {{ruleName}}",
                text: """
                    Règle : {{ruleName}} ({{rule}})
                    Action : {{action}}
                    Réservation : {{bookingId}}

                    Détail : {{detail}}
                    """,
                html: """
                    <h1>Alerte fraude</h1>
                    <p>Règle : {{ruleName}} (<code>{{rule}}</code>)<br>
                    Action : {{action}}<br>
                    Réservation : <code>{{bookingId}}</code></p>
                    <p>Détail : {{detail}}</p>
                    """,
                short: """
                    Alerte fraude ({{ruleName}}) sur la réservation {{bookingId}}, action : {{action}}. \
                    Détail : {{detail}}
                    """
            ),
            "en": TemplateSeed(
                subject: "Fraud alert: {{ruleName}}",
                text: """
                    Rule: {{ruleName}} ({{rule}})
                    Action: {{action}}
                    Booking: {{bookingId}}

                    Detail: {{detail}}
                    """,
                html: """
                    <h1>Fraud alert</h1>
                    <p>Rule: {{ruleName}} (<code>{{rule}}</code>)<br>
                    Action: {{action}}<br>
                    Booking: <code>{{bookingId}}</code></p>
                    <p>Detail: {{detail}}</p>
                    """,
                short: """
                    Fraud alert ({{ruleName}}) on booking {{bookingId}}, action: {{action}}. Detail: {{detail}}
                    """
            ),
        ],
        "notifications.alert.refunds": [
            "fr": TemplateSeed(
                subject: "Alerte remboursements : {{count}} en {{windowMinutes}} min",
                text: """
                    Règle : {{ruleName}}

                    {{count}} remboursements ont été effectués au cours des {{windowMinutes}} dernières minutes. \
                    Vérifiez qu'aucune séance n'a été annulée par erreur et qu'il ne s'agit pas d'un abus.
                    """,
                html: """
                    <h1>Alerte remboursements</h1>
                    <p>Règle : {{ruleName}}</p>
                    <p><strong>{{count}}</strong> remboursements ont été effectués \
                    au cours des {{windowMinutes}} dernières minutes. \
                    Vérifiez qu'aucune séance n'a été annulée par erreur et qu'il ne s'agit pas d'un abus.</p>
                    """,
                short: """
                    {{ruleName}} : {{count}} remboursements au cours des {{windowMinutes}} dernières minutes.
                    """
            ),
            "en": TemplateSeed(
                subject: "Refund alert: {{count}} in {{windowMinutes}} min",
                text: """
                    Rule: {{ruleName}}

                    {{count}} refunds were issued in the last {{windowMinutes}} minutes. \
                    Check that no screening was cancelled by mistake and that this is not abuse.
                    """,
                html: """
                    <h1>Refund alert</h1>
                    <p>Rule: {{ruleName}}</p>
                    <p><strong>{{count}}</strong> refunds were issued in the last {{windowMinutes}} minutes. \
                    Check that no screening was cancelled by mistake and that this is not abuse.</p>
                    """,
                short: """
                    {{ruleName}}: {{count}} refunds in the last {{windowMinutes}} minutes.
                    """
            ),
        ],
        "notifications.alert.parked": [
            "fr": TemplateSeed(
                subject: "Message mis de côté : {{service}}",
                text: """
                    Règle : {{ruleName}}

                    Le service {{service}} a mis de côté un message {{messageType}} qu'il n'a pas pu traiter. \
                    Il attend une intervention manuelle.

                    Motif : {{reason}}
                    """,
                html: """
                    <h1>Message mis de côté</h1>
                    <p>Règle : {{ruleName}}</p>
                    <p>Le service <strong>{{service}}</strong> a mis de côté un message <code>{{messageType}}</code> \
                    qu'il n'a pas pu traiter. Il attend une intervention manuelle.</p>
                    <p>Motif : {{reason}}</p>
                    """,
                short: """
                    {{ruleName}} : le service {{service}} a mis de côté un message {{messageType}}. Motif : {{reason}}
                    """
            ),
            "en": TemplateSeed(
                subject: "Message parked: {{service}}",
                text: """
                    Rule: {{ruleName}}

                    The {{service}} service parked a {{messageType}} message it could not process. \
                    It is waiting for manual action.

                    Reason: {{reason}}
                    """,
                html: """
                    <h1>Message parked</h1>
                    <p>Rule: {{ruleName}}</p>
                    <p>The <strong>{{service}}</strong> service parked a <code>{{messageType}}</code> message \
                    it could not process. It is waiting for manual action.</p>
                    <p>Reason: {{reason}}</p>
                    """,
                short: """
                    {{ruleName}}: the {{service}} service parked a {{messageType}} message. Reason: {{reason}}
                    """
            ),
        ],
    ]
}
