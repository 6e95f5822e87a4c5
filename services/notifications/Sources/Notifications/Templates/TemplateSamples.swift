/// Sample values per event kind, for previews and to know which variables a template may use.
enum TemplateSamples {
    /// event kind → sample values used for previews and to know which variables a template may use.
    /// Values are String, Int, Bool or [[String: String]] (for lists).
    static let values: [String: [String: any Sendable]] = [
        "scheduling.booking.confirmed": [
            "webURL": webURL,
            "displayName": "Camille Martin",
            "filmTitle": "La Nuit américaine",
            "cinemaName": "Homestudio Bastille",
            "auditoriumName": "Salle 3",
            "startsAt": "14 mars 2025 à 20:30",
            "amount": "21,00 €",
            "bookingId": bookingId,
            "tickets": [
                ["code": "HS-7K2M-9QXA", "seat": "F7"],
                ["code": "HS-3RTD-4WZP", "seat": "F8"],
            ] as [[String: String]],
        ],
        "scheduling.booking.cancelled": [
            "webURL": webURL,
            "displayName": "Camille Martin",
            "filmTitle": "La Nuit américaine",
            "startsAt": "14 mars 2025 à 20:30",
            "bookingId": bookingId,
            "reason": "la séance a été annulée par le cinéma",
            "refundNote": "Le montant de votre réservation vous sera remboursé sous quelques jours.",
        ],
        "scheduling.screening.rescheduled": [
            "webURL": webURL,
            "displayName": "Camille Martin",
            "filmTitle": "La Nuit américaine",
            "previousStartsAt": "14 mars 2025 à 20:30",
            "startsAt": "14 mars 2025 à 21:15",
            "bookingId": bookingId,
        ],
        "payments.payment.failed": [
            "webURL": webURL,
            "displayName": "Camille Martin",
            "bookingId": bookingId,
            "reason": "votre banque a refusé la carte.",
            "nextStep": "Essayez avec une autre carte, ou contactez votre banque pour connaître la raison du refus.",
        ],
        "payments.invoice.issued": [
            "webURL": webURL,
            "displayName": "Camille Martin",
            "number": "HS-2026-000042",
            "documentLabel": "facture",
            "amount": "21,00 €",
            "bookingId": bookingId,
        ],
        "payments.refund.succeeded": [
            "webURL": webURL,
            "displayName": "Camille Martin",
            "amount": "21,00 €",
            "bookingId": bookingId,
        ],
        "notifications.reminder": [
            "webURL": webURL,
            "displayName": "Camille Martin",
            "filmTitle": "La Nuit américaine",
            "cinemaName": "Homestudio Bastille",
            "auditoriumName": "Salle 3",
            "startsAt": "14 mars 2025 à 20:30",
            "bookingId": bookingId,
            "seats": "F7, F8",
        ],
        "auth.user.registered": [
            "webURL": webURL,
            "displayName": "Camille Martin",
            "verificationToken": "q8Zr3mVt1LxN5cYh2WbK",
        ],
        "auth.user.registration_repeated": [
            "webURL": webURL,
            "displayName": "Camille Martin",
        ],
        "auth.user.locked": [
            "webURL": webURL,
            "displayName": "Camille Martin",
            "lockedUntil": "14 mars 2025 à 18:45",
        ],
        "auth.password_reset.requested": [
            "webURL": webURL,
            "displayName": "Camille Martin",
            "token": "t4Hd9pQs7FwJ2eRx6UaM",
            "expiresAt": "14 mars 2025 à 19:00",
        ],
        "auth.password.changed": [
            "webURL": webURL,
            "displayName": "Camille Martin",
        ],
        "auth.user.role_changed": [
            "webURL": webURL,
            "displayName": "Camille Martin",
            "oldRole": "client",
            "newRole": "personnel",
        ],
        "catalog.film.published": [
            "webURL": webURL,
            "displayName": "Camille Martin",
            "filmTitle": "Les Parapluies de Cherbourg",
            "filmId": "5d0c2a7e-8b1f-4c3a-9e62-0f4b7d1a2c95",
            "genres": "Comédie musicale, Drame",
            "unsubscribeURL": "https://homestudio.example/unsubscribe?token=u7Lm2Xc9Vb4Nq1Rs",
        ],
        "notifications.digest": [
            "webURL": webURL,
            "displayName": "Camille Martin",
            "periodLabel": "de la semaine",
            "items": [
                [
                    "title": "Nouveau film : Les Parapluies de Cherbourg",
                    "body": "La comédie musicale de Jacques Demy revient en version restaurée dès mercredi.",
                ],
                [
                    "title": "Rappel : La Nuit américaine",
                    "body": "Votre séance du 14 mars à 20:30 à Homestudio Bastille, salle 3.",
                ],
            ] as [[String: String]],
            "unsubscribeURL": "https://homestudio.example/unsubscribe?token=u7Lm2Xc9Vb4Nq1Rs",
        ],
        "notifications.alert.occupancy": [
            "webURL": webURL,
            "ruleName": "Séances presque complètes",
            "filmTitle": "La Nuit américaine",
            "startsAt": "14 mars 2025 à 20:30",
            "sold": "112",
            "capacity": "120",
            "percent": "93",
        ],
        "notifications.alert.fraud": [
            "webURL": webURL,
            "ruleName": "Achats en rafale",
            "rule": "booking.velocity",
            "action": "réservation bloquée",
            "detail": "6 réservations en 4 minutes avec la même carte",
            "bookingId": bookingId,
        ],
        "notifications.alert.refunds": [
            "webURL": webURL,
            "ruleName": "Pic de remboursements",
            "count": "25",
            "windowMinutes": "15",
        ],
        "notifications.alert.parked": [
            "webURL": webURL,
            "ruleName": "Messages mis de côté",
            "service": "notifications",
            "messageType": "scheduling.booking.confirmed",
            "reason": "réservation introuvable après 5 tentatives",
        ],
    ]

    /// The sample values of `kind` as a message in `locale` would carry them: dates, amounts and
    /// phrases in that language (French by default, English overrides where they differ).
    static func values(_ kind: String, locale: String) -> [String: any Sendable] {
        var sample = values[kind] ?? [:]
        if locale == "en" { sample.merge(english[kind] ?? [:]) { _, english in english } }
        return sample
    }

    private static let englishDate = "14 March 2025, 8:30 pm"
    private static let englishAmount = "€21.00"

    /// English values of the samples above that are words, dates or amounts.
    static let english: [String: [String: any Sendable]] = [
        "scheduling.booking.confirmed": [
            "auditoriumName": "Screen 3", "startsAt": englishDate, "amount": englishAmount,
        ],
        "scheduling.booking.cancelled": [
            "startsAt": englishDate, "reason": "the cinema cancelled the screening",
            "refundNote": "The amount of your booking will be refunded within a few days.",
        ],
        "scheduling.screening.rescheduled": ["previousStartsAt": englishDate, "startsAt": "14 March 2025, 9:15 pm"],
        "payments.payment.failed": [
            "reason": "your bank declined the card.",
            "nextStep": "Try another card, or ask your bank why it was declined.",
        ],
        "payments.invoice.issued": ["documentLabel": "invoice", "amount": englishAmount],
        "payments.refund.succeeded": ["amount": englishAmount],
        "notifications.reminder": ["auditoriumName": "Screen 3", "startsAt": englishDate],
        "auth.user.locked": ["lockedUntil": "14 March 2025, 6:45 pm"],
        "auth.password_reset.requested": ["expiresAt": "14 March 2025, 7:00 pm"],
        "auth.user.role_changed": ["newRole": "staff"],
        "catalog.film.published": ["genres": "Musical, Drama"],
        "notifications.digest": [
            "periodLabel": "this week",
            "items": [
                [
                    "title": "New film: Les Parapluies de Cherbourg",
                    "body": "Jacques Demy's musical is back, restored, from Wednesday.",
                ],
                [
                    "title": "Reminder: La Nuit américaine",
                    "body": "Your screening on 14 March at 8:30 pm at Homestudio Bastille, screen 3.",
                ],
            ] as [[String: String]],
        ],
        "notifications.alert.occupancy": ["ruleName": "Nearly full screenings", "startsAt": englishDate],
        "notifications.alert.fraud": [
            "ruleName": "Burst of purchases", "action": "booking blocked",
            "detail": "6 bookings in 4 minutes with the same card",
        ],
        "notifications.alert.refunds": ["ruleName": "Refund spike"],
        "notifications.alert.parked": ["ruleName": "Parked messages", "reason": "booking not found after 5 attempts"],
    ]

    private static let webURL = "https://homestudio.example"
    private static let bookingId = "3f6c1b2e-9a4d-4e7b-8c15-2d7a9e0f4b63"
}
