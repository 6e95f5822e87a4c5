extension TemplateSeeds {
    /// Bookings category: confirmations, cancellations, schedule changes, payments, refunds and reminders.
    static let bookings: [String: [String: TemplateSeed]] = [
        "scheduling.booking.confirmed": [
            "fr": TemplateSeed(
                subject: "Vos billets pour {{filmTitle}}",
                text: """
                    Bonjour {{displayName}},

                    Votre réservation est confirmée.

                    {{filmTitle}} — {{cinemaName}}, {{auditoriumName}}
                    Séance : {{startsAt}}
                    Montant payé : {{amount}}

                    Vos billets :
                    {{#tickets}}
                    - Place {{seat}} : {{code}}
                    {{/tickets}}

                    Vos billets électroniques sont joints à ce message au format PDF : \
                    présentez-les à l'entrée de la salle, imprimés ou sur votre téléphone.

                    Référence : {{bookingId}}

                    Bonne séance !
                    """,
                html: """
                    <p>Bonjour {{displayName}},</p>
                    <h1>Votre réservation est confirmée</h1>
                    <p><strong>{{filmTitle}}</strong> — {{cinemaName}}, {{auditoriumName}}<br>
                    Séance : {{startsAt}}<br>
                    Montant payé : {{amount}}</p>
                    <ul>{{#tickets}}<li>Place {{seat}} : <code>{{code}}</code></li>{{/tickets}}</ul>
                    <p>Vos billets électroniques sont joints à ce message au format PDF : \
                    présentez-les à l'entrée de la salle, imprimés ou sur votre téléphone.</p>
                    <p>Référence : {{bookingId}}</p>
                    <p>Bonne séance !</p>
                    """,
                short: """
                    Réservation confirmée : {{filmTitle}}, {{startsAt}}, {{cinemaName}} ({{auditoriumName}}). \
                    Vos billets sont joints à l'e-mail de confirmation.
                    """
            ),
            "en": TemplateSeed(
                subject: "Your tickets for {{filmTitle}}",
                text: """
                    Hello {{displayName}},

                    Your booking is confirmed.

                    {{filmTitle}} — {{cinemaName}}, {{auditoriumName}}
                    Screening: {{startsAt}}
                    Amount paid: {{amount}}

                    Your tickets:
                    {{#tickets}}
                    - Seat {{seat}}: {{code}}
                    {{/tickets}}

                    Your e-tickets are attached to this message as a PDF: \
                    show them at the auditorium entrance, printed or on your phone.

                    Reference: {{bookingId}}

                    Enjoy the film!
                    """,
                html: """
                    <p>Hello {{displayName}},</p>
                    <h1>Your booking is confirmed</h1>
                    <p><strong>{{filmTitle}}</strong> — {{cinemaName}}, {{auditoriumName}}<br>
                    Screening: {{startsAt}}<br>
                    Amount paid: {{amount}}</p>
                    <ul>{{#tickets}}<li>Seat {{seat}}: <code>{{code}}</code></li>{{/tickets}}</ul>
                    <p>Your e-tickets are attached to this message as a PDF: \
                    show them at the auditorium entrance, printed or on your phone.</p>
                    <p>Reference: {{bookingId}}</p>
                    <p>Enjoy the film!</p>
                    """,
                short: """
                    Booking confirmed: {{filmTitle}}, {{startsAt}}, {{cinemaName}} ({{auditoriumName}}). \
                    Your tickets are attached to the confirmation e-mail.
                    """
            ),
        ],
        "scheduling.booking.cancelled": [
            "fr": TemplateSeed(
                subject: "Réservation annulée : {{filmTitle}}",
                text: """
                    Bonjour {{displayName}},

                    Votre réservation pour {{filmTitle}} (séance du {{startsAt}}) a été annulée.

                    Motif : {{reason}}
                    {{#refundNote}}

                    {{refundNote}}
                    {{/refundNote}}

                    Référence : {{bookingId}}

                    Nous espérons vous revoir bientôt dans nos salles.
                    """,
                html: """
                    <p>Bonjour {{displayName}},</p>
                    <h1>Votre réservation est annulée</h1>
                    <p>Votre réservation pour <strong>{{filmTitle}}</strong> (séance du {{startsAt}}) a été annulée.</p>
                    <p>Motif : {{reason}}</p>
                    {{#refundNote}}<p>{{refundNote}}</p>{{/refundNote}}
                    <p>Référence : {{bookingId}}</p>
                    <p>Nous espérons vous revoir bientôt dans nos salles.</p>
                    """,
                short: """
                    Votre réservation pour {{filmTitle}} ({{startsAt}}) est annulée. \
                    {{#refundNote}}{{refundNote}} {{/refundNote}}Motif : {{reason}}
                    """
            ),
            "en": TemplateSeed(
                subject: "Booking cancelled: {{filmTitle}}",
                text: """
                    Hello {{displayName}},

                    Your booking for {{filmTitle}} (screening on {{startsAt}}) has been cancelled.

                    Reason: {{reason}}
                    {{#refundNote}}

                    {{refundNote}}
                    {{/refundNote}}

                    Reference: {{bookingId}}

                    We hope to see you again soon at Homestudio.
                    """,
                html: """
                    <p>Hello {{displayName}},</p>
                    <h1>Your booking is cancelled</h1>
                    <p>Your booking for <strong>{{filmTitle}}</strong> (screening on {{startsAt}}) \
                    has been cancelled.</p>
                    <p>Reason: {{reason}}</p>
                    {{#refundNote}}<p>{{refundNote}}</p>{{/refundNote}}
                    <p>Reference: {{bookingId}}</p>
                    <p>We hope to see you again soon at Homestudio.</p>
                    """,
                short: """
                    Your booking for {{filmTitle}} ({{startsAt}}) has been cancelled. \
                    {{#refundNote}}{{refundNote}} {{/refundNote}}Reason: {{reason}}
                    """
            ),
        ],
        "scheduling.screening.rescheduled": [
            "fr": TemplateSeed(
                subject: "Changement d'horaire : {{filmTitle}}",
                text: """
                    Bonjour {{displayName}},

                    La séance de {{filmTitle}} prévue le {{previousStartsAt}} est déplacée au {{startsAt}}.

                    Vos billets restent valables pour ce nouvel horaire. \
                    S'il ne vous convient pas, contactez-nous en indiquant la référence de votre réservation.

                    Référence : {{bookingId}}
                    """,
                html: """
                    <p>Bonjour {{displayName}},</p>
                    <h1>Changement d'horaire</h1>
                    <p>La séance de <strong>{{filmTitle}}</strong> prévue le {{previousStartsAt}} \
                    est déplacée au <strong>{{startsAt}}</strong>.</p>
                    <p>Vos billets restent valables pour ce nouvel horaire. \
                    S'il ne vous convient pas, contactez-nous en indiquant la référence de votre réservation.</p>
                    <p>Référence : {{bookingId}}</p>
                    """,
                short: """
                    Changement d'horaire : la séance de {{filmTitle}} est déplacée \
                    du {{previousStartsAt}} au {{startsAt}}. Vos billets restent valables.
                    """
            ),
            "en": TemplateSeed(
                subject: "Time change: {{filmTitle}}",
                text: """
                    Hello {{displayName}},

                    The screening of {{filmTitle}} scheduled for {{previousStartsAt}} has moved to {{startsAt}}.

                    Your tickets remain valid for the new time. \
                    If it does not suit you, contact us with your booking reference.

                    Reference: {{bookingId}}
                    """,
                html: """
                    <p>Hello {{displayName}},</p>
                    <h1>Time change</h1>
                    <p>The screening of <strong>{{filmTitle}}</strong> scheduled for {{previousStartsAt}} \
                    has moved to <strong>{{startsAt}}</strong>.</p>
                    <p>Your tickets remain valid for the new time. \
                    If it does not suit you, contact us with your booking reference.</p>
                    <p>Reference: {{bookingId}}</p>
                    """,
                short: """
                    Time change: the screening of {{filmTitle}} has moved \
                    from {{previousStartsAt}} to {{startsAt}}. Your tickets remain valid.
                    """
            ),
        ],
        "payments.payment.failed": [
            "fr": TemplateSeed(
                subject: "Le paiement de votre réservation a échoué",
                text: """
                    Bonjour {{displayName}},

                    Le paiement de votre réservation n'a pas abouti : {{reason}}

                    {{nextStep}}

                    Reprendre votre réservation : {{webURL}}

                    Référence : {{bookingId}}
                    """,
                html: """
                    <p>Bonjour {{displayName}},</p>
                    <h1>Le paiement a échoué</h1>
                    <p>Le paiement de votre réservation n'a pas abouti : {{reason}}</p>
                    <p><strong>{{nextStep}}</strong></p>
                    <p><a href="{{webURL}}">Reprendre votre réservation sur Homestudio</a></p>
                    <p>Référence : {{bookingId}}</p>
                    """,
                short: """
                    Le paiement de votre réservation Homestudio a échoué : {{reason}} {{nextStep}}
                    """
            ),
            "en": TemplateSeed(
                subject: "The payment for your booking failed",
                text: """
                    Hello {{displayName}},

                    The payment for your booking did not go through: {{reason}}

                    {{nextStep}}

                    Back to your booking: {{webURL}}

                    Reference: {{bookingId}}
                    """,
                html: """
                    <p>Hello {{displayName}},</p>
                    <h1>The payment failed</h1>
                    <p>The payment for your booking did not go through: {{reason}}</p>
                    <p><strong>{{nextStep}}</strong></p>
                    <p><a href="{{webURL}}">Back to your booking on Homestudio</a></p>
                    <p>Reference: {{bookingId}}</p>
                    """,
                short: """
                    The payment for your Homestudio booking failed: {{reason}} {{nextStep}}
                    """
            ),
        ],
        "payments.refund.succeeded": [
            "fr": TemplateSeed(
                subject: "Votre remboursement Homestudio",
                text: """
                    Bonjour {{displayName}},

                    Nous avons remboursé {{amount}} pour votre réservation. \
                    Selon votre banque, le montant peut mettre quelques jours à apparaître sur votre compte.

                    Référence : {{bookingId}}
                    """,
                html: """
                    <p>Bonjour {{displayName}},</p>
                    <h1>Remboursement effectué</h1>
                    <p>Nous avons remboursé <strong>{{amount}}</strong> pour votre réservation. \
                    Selon votre banque, le montant peut mettre quelques jours à apparaître sur votre compte.</p>
                    <p>Référence : {{bookingId}}</p>
                    """,
                short: """
                    Nous avons remboursé {{amount}} pour votre réservation Homestudio. \
                    Le montant peut mettre quelques jours à apparaître sur votre compte.
                    """
            ),
            "en": TemplateSeed(
                subject: "Your Homestudio refund",
                text: """
                    Hello {{displayName}},

                    We have refunded {{amount}} for your booking. \
                    Depending on your bank, it may take a few days to appear on your account.

                    Reference: {{bookingId}}
                    """,
                html: """
                    <p>Hello {{displayName}},</p>
                    <h1>Refund issued</h1>
                    <p>We have refunded <strong>{{amount}}</strong> for your booking. \
                    Depending on your bank, it may take a few days to appear on your account.</p>
                    <p>Reference: {{bookingId}}</p>
                    """,
                short: """
                    We have refunded {{amount}} for your Homestudio booking. \
                    It may take a few days to appear on your account.
                    """
            ),
        ],
        "notifications.reminder": [
            "fr": TemplateSeed(
                subject: "Rappel : {{filmTitle}} le {{startsAt}}",
                text: """
                    Bonjour {{displayName}},

                    Votre séance approche :

                    {{filmTitle}} — {{cinemaName}}, {{auditoriumName}}
                    Séance : {{startsAt}}
                    Places : {{seats}}

                    Pensez à vos billets électroniques : ils vous seront demandés à l'entrée de la salle.

                    Référence : {{bookingId}}

                    Bonne séance !
                    """,
                html: """
                    <p>Bonjour {{displayName}},</p>
                    <h1>Votre séance approche</h1>
                    <p><strong>{{filmTitle}}</strong> — {{cinemaName}}, {{auditoriumName}}<br>
                    Séance : {{startsAt}}<br>
                    Places : {{seats}}</p>
                    <p>Pensez à vos billets électroniques : ils vous seront demandés à l'entrée de la salle.</p>
                    <p>Référence : {{bookingId}}</p>
                    <p>Bonne séance !</p>
                    """,
                short: """
                    Rappel : {{filmTitle}} le {{startsAt}} à {{cinemaName}} ({{auditoriumName}}). \
                    Places : {{seats}}. Bonne séance !
                    """
            ),
            "en": TemplateSeed(
                subject: "Reminder: {{filmTitle}} on {{startsAt}}",
                text: """
                    Hello {{displayName}},

                    Your screening is coming up:

                    {{filmTitle}} — {{cinemaName}}, {{auditoriumName}}
                    Screening: {{startsAt}}
                    Seats: {{seats}}

                    Remember your e-tickets: you will be asked for them at the auditorium entrance.

                    Reference: {{bookingId}}

                    Enjoy the film!
                    """,
                html: """
                    <p>Hello {{displayName}},</p>
                    <h1>Your screening is coming up</h1>
                    <p><strong>{{filmTitle}}</strong> — {{cinemaName}}, {{auditoriumName}}<br>
                    Screening: {{startsAt}}<br>
                    Seats: {{seats}}</p>
                    <p>Remember your e-tickets: you will be asked for them at the auditorium entrance.</p>
                    <p>Reference: {{bookingId}}</p>
                    <p>Enjoy the film!</p>
                    """,
                short: """
                    Reminder: {{filmTitle}} on {{startsAt}} at {{cinemaName}} ({{auditoriumName}}). \
                    Seats: {{seats}}. Enjoy the film!
                    """
            ),
        ],
    ]
}
