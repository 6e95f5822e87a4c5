import Foundation
import HTTPTypes
import Hummingbird
import ServiceKit

/// `POST /webhooks/stripe`: Stripe's events about our PaymentIntents, signature-checked on the
/// raw body before anything else, deduplicated by event id, applied in any order (see
/// `ProviderEventStore`). Answers 2xx once the event is safely applied or known; 409 while the
/// payment it names is not recorded yet, so that Stripe retries.
struct WebhookController: Sendable {
    let events: ProviderEventStore
    let stripeSecret: String?
    let paypal: PayPalProvider?

    static let signatureHeader = HTTPField.Name("Stripe-Signature")!

    func addRoutes(to router: Router<ServiceRequestContext>) {
        router.post("/webhooks/stripe", use: stripe)
        router.post("/webhooks/paypal", use: paypalEvent)
    }

    /// PayPal's events, verified by PayPal's own `verify-webhook-signature` from the transmission
    /// headers, then applied like Stripe's (deduplicated by event id, in any order).
    func paypalEvent(_ request: Request, context: ServiceRequestContext) async throws -> Received {
        guard let paypal else { throw AppError.notFound("PayPal webhooks") }
        let body = Array(try await request.body.collect(upTo: 512 * 1024).readableBytesView)
        guard let json = try? JSONSerialization.jsonObject(with: Data(body)) as? [String: Any],
            let id = json["id"] as? String, let type = json["event_type"] as? String
        else { throw AppError(.badRequest, code: "bad-event", "The body is not a PayPal event") }
        var headers: [String: String] = [:]
        for field in request.headers { headers[field.name.canonicalName] = field.value }
        let verified: Bool
        do { verified = try await paypal.verifyWebhook(headers: headers, event: json) } catch is ProviderUnavailable {
            throw AppError(
                .serviceUnavailable, code: "provider-unavailable", "PayPal could not verify the event; retry")
        }
        guard verified else {
            context.logger.warning(
                "security: paypal webhook refused",
                metadata: ["securityEvent": "webhook_signature", "eventId": "\(id)"])
            throw AppError(.badRequest, code: "invalid-signature", "PayPal did not verify this event")
        }
        let resource = json["resource"] as? [String: Any]
        let related = (resource?["supplementary_data"] as? [String: Any])?["related_ids"] as? [String: Any]
        let effect: ProviderEvent.Effect =
            switch type {
            case "PAYMENT.CAPTURE.COMPLETED": .succeeded
            case "PAYMENT.CAPTURE.DENIED", "PAYMENT.CAPTURE.DECLINED": .failed(reason: "capture_denied")
            default: .none
            }
        let event = ProviderEvent(
            provider: "paypal", id: id, type: type, reference: related?["order_id"] as? String ?? "", effect: effect)
        return try await apply(event, context)
    }

    struct Received: ResponseCodable {
        var received = true
        var result: String
    }

    func stripe(_ request: Request, context: ServiceRequestContext) async throws -> Received {
        guard let secret = stripeSecret, !secret.isEmpty else { throw AppError.notFound("Stripe webhooks") }
        let body = Array(try await request.body.collect(upTo: 512 * 1024).readableBytesView)
        do {
            try StripeSignature.verify(header: request.headers[Self.signatureHeader], body: body, secret: secret)
        } catch {
            context.logger.warning(
                "security: stripe webhook refused",
                metadata: ["securityEvent": "webhook_signature", "reason": "\(error)"])
            throw AppError(.badRequest, code: "invalid-signature", "The Stripe-Signature header does not verify")
        }
        guard let event = Self.parse(body) else {
            throw AppError(.badRequest, code: "bad-event", "The body is not a Stripe event")
        }
        return try await apply(event, context)
    }

    /// Applies a verified event; 409 (the provider retries) while its payment is not recorded yet.
    private func apply(_ event: ProviderEvent, _ context: ServiceRequestContext) async throws -> Received {
        do {
            let result = try await events.apply(event, logger: context.logger)
            context.logger.info(
                "provider event",
                metadata: [
                    "provider": "\(event.provider)", "eventId": "\(event.id)", "type": "\(event.type)",
                    "result": "\(result)",
                ])
            return Received(result: "\(result)")
        } catch is ProviderEventStore.UnknownPayment {
            throw AppError(
                .conflict, code: "payment-not-known-yet", "This payment is not recorded yet; retry later",
                headers: [.retryAfter: "5"])
        }
    }

    /// A Stripe event about a PaymentIntent (other objects are recorded without effect).
    static func parse(_ body: [UInt8]) -> ProviderEvent? {
        guard let json = try? JSONSerialization.jsonObject(with: Data(body)) as? [String: Any],
            let id = json["id"] as? String, let type = json["type"] as? String,
            let object = (json["data"] as? [String: Any])?["object"] as? [String: Any]
        else { return nil }
        let reference = object["id"] as? String ?? ""
        let error = object["last_payment_error"] as? [String: Any]
        let effect: ProviderEvent.Effect =
            switch type {
            case "payment_intent.succeeded": .succeeded
            case "payment_intent.payment_failed":
                .failed(reason: error?["decline_code"] as? String ?? error?["code"] as? String ?? "payment_failed")
            case "payment_intent.canceled": .failed(reason: "canceled")
            default: .none
            }
        return ProviderEvent(provider: "stripe", id: id, type: type, reference: reference, effect: effect)
    }
}
