/// What a payment provider's decline code means to a customer, and what they can do next, in
/// their language (`payments.payment.failed` carries the raw code: Stripe's `decline_code` or
/// `code`, the simulated provider's, PayPal's capture status or webhook outcome). An unknown
/// code reads as a generic refusal: a raw code never reaches a customer.
enum DeclineReasons {
    struct Explanation: Sendable, Equatable {
        /// Why the payment failed, as one sentence.
        var reason: String
        /// What to do next, as one sentence.
        var nextStep: String
    }

    private struct Texts {
        var fr: Explanation
        var en: Explanation
    }

    static func explain(_ code: String, language: String) -> Explanation {
        let texts = kind(of: code).flatMap { table[$0] } ?? generic
        return language == "en" ? texts.en : texts.fr
    }

    /// The family of a code (Stripe, simulated and PayPal codes that mean the same to a customer).
    static func kind(of code: String) -> String? {
        switch code.lowercased() {
        case "card_declined", "generic_decline", "do_not_honor", "lost_card", "stolen_card", "pickup_card",
            "restricted_card", "transaction_not_allowed", "card_not_supported", "fraudulent":
            "declined"
        case "insufficient_funds", "card_velocity_exceeded", "withdrawal_count_limit_exceeded": "funds"
        case "expired_card": "expired"
        case "incorrect_cvc", "invalid_cvc": "cvc"
        case "incorrect_number", "invalid_number", "invalid_expiry_month", "invalid_expiry_year": "number"
        case "processing_error", "issuer_not_available", "try_again_later": "processing"
        case "authentication_required", "payment_intent_authentication_failure", "authentication_failed",
            "three_d_secure_failed":
            "authentication"
        case "canceled", "cancelled": "cancelled"
        case "declined", "capture_denied", "denied", "instrument_declined", "payer_cannot_pay": "paypal-declined"
        case "payer_action_required", "order_not_approved": "paypal-approval"
        case "failed", "not_captured", "voided": "paypal-failed"
        default: nil
        }
    }

    private static let table: [String: Texts] = [
        "declined": Texts(
            fr: .init(
                reason: "votre banque a refusé la carte.",
                nextStep: "Essayez avec une autre carte, ou contactez votre banque pour connaître la raison du refus."),
            en: .init(
                reason: "your bank declined the card.",
                nextStep: "Try another card, or ask your bank why it declined the payment.")),
        "funds": Texts(
            fr: .init(
                reason: "le solde ou le plafond de la carte ne permet pas ce paiement.",
                nextStep: "Essayez avec une autre carte, ou réessayez après avoir vérifié votre plafond auprès de "
                    + "votre banque."),
            en: .init(
                reason: "the card's balance or spending limit does not cover this payment.",
                nextStep: "Try another card, or try again once you have checked your limit with your bank.")),
        "expired": Texts(
            fr: .init(
                reason: "la carte a expiré.", nextStep: "Réessayez avec une carte en cours de validité."),
            en: .init(reason: "the card has expired.", nextStep: "Try again with a card that is still valid.")),
        "cvc": Texts(
            fr: .init(
                reason: "le code de sécurité (CVC) saisi est incorrect.",
                nextStep: "Réessayez en recopiant les trois chiffres inscrits au dos de la carte."),
            en: .init(
                reason: "the security code (CVC) entered is incorrect.",
                nextStep: "Try again, copying the three digits on the back of the card.")),
        "number": Texts(
            fr: .init(
                reason: "le numéro ou la date d'expiration de la carte est incorrect.",
                nextStep: "Réessayez en vérifiant les informations de la carte."),
            en: .init(
                reason: "the card number or expiry date is incorrect.",
                nextStep: "Try again, checking the card details.")),
        "processing": Texts(
            fr: .init(
                reason: "une erreur technique est survenue pendant le paiement ; vous n'avez pas été débité.",
                nextStep: "Réessayez dans quelques minutes avec la même carte."),
            en: .init(
                reason: "a technical error occurred during the payment; you have not been charged.",
                nextStep: "Try again in a few minutes with the same card.")),
        "authentication": Texts(
            fr: .init(
                reason: "la vérification 3-D Secure demandée par votre banque n'a pas abouti.",
                nextStep: "Réessayez et validez le paiement dans l'application de votre banque ou avec le code "
                    + "qu'elle vous envoie."),
            en: .init(
                reason: "the 3-D Secure check your bank asked for did not succeed.",
                nextStep: "Try again and approve the payment in your bank's app or with the code it sends you.")),
        "cancelled": Texts(
            fr: .init(
                reason: "le paiement a été annulé avant d'aboutir ; vous n'avez pas été débité.",
                nextStep: "Vous pouvez recommencer le paiement de votre réservation."),
            en: .init(
                reason: "the payment was cancelled before it went through; you have not been charged.",
                nextStep: "You can start the payment for your booking again.")),
        "paypal-declined": Texts(
            fr: .init(
                reason: "PayPal a refusé le paiement.",
                nextStep: "Choisissez un autre moyen de paiement dans votre compte PayPal, ou payez par carte."),
            en: .init(
                reason: "PayPal declined the payment.",
                nextStep: "Choose another payment method in your PayPal account, or pay by card.")),
        "paypal-approval": Texts(
            fr: .init(
                reason: "le paiement n'a pas été approuvé sur PayPal.",
                nextStep: "Recommencez le paiement et approuvez-le sur la page PayPal qui s'ouvre."),
            en: .init(
                reason: "the payment was not approved on PayPal.",
                nextStep: "Start the payment again and approve it on the PayPal page that opens.")),
        "paypal-failed": Texts(
            fr: .init(
                reason: "PayPal n'a pas pu encaisser le paiement ; vous n'avez pas été débité.",
                nextStep: "Réessayez dans quelques minutes, ou payez par carte."),
            en: .init(
                reason: "PayPal could not collect the payment; you have not been charged.",
                nextStep: "Try again in a few minutes, or pay by card.")),
    ]

    private static let generic = Texts(
        fr: .init(
            reason: "le paiement a été refusé.", nextStep: "Réessayez avec le même moyen de paiement ou un autre."),
        en: .init(
            reason: "the payment was declined.", nextStep: "Try again with the same payment method or another one."))
}
