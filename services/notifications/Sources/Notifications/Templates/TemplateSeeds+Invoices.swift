extension TemplateSeeds {
    /// Invoices and credit notes, sent with their PDF attached.
    static let invoices: [String: [String: TemplateSeed]] = [
        "payments.invoice.issued": [
            "fr": TemplateSeed(
                subject: "Votre {{documentLabel}} Homestudio {{number}}",
                text: """
                    Bonjour {{displayName}},

                    Vous trouverez ci-joint votre {{documentLabel}} n° {{number}}, d'un montant de {{amount}} \
                    (réservation {{bookingId}}).

                    Merci de votre confiance, et bonnes séances !
                    """,
                html: """
                    <p>Bonjour {{displayName}},</p>
                    <p>Vous trouverez ci-joint votre {{documentLabel}} n° <strong>{{number}}</strong>, \
                    d'un montant de {{amount}} (réservation {{bookingId}}).</p>
                    <p>Merci de votre confiance, et bonnes séances !</p>
                    """,
                short: "Votre {{documentLabel}} {{number}} ({{amount}}) vous a été envoyé(e) par e-mail."),
            "en": TemplateSeed(
                subject: "Your Homestudio {{documentLabel}} {{number}}",
                text: """
                    Hello {{displayName}},

                    Please find attached your {{documentLabel}} no. {{number}}, for {{amount}} \
                    (booking {{bookingId}}).

                    Thank you, and enjoy the films!
                    """,
                html: """
                    <p>Hello {{displayName}},</p>
                    <p>Please find attached your {{documentLabel}} no. <strong>{{number}}</strong>, \
                    for {{amount}} (booking {{bookingId}}).</p>
                    <p>Thank you, and enjoy the films!</p>
                    """,
                short: "Your {{documentLabel}} {{number}} ({{amount}}) was sent to you by e-mail."),
        ]
    ]
}
