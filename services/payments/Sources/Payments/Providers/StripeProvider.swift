import AsyncHTTPClient
import Configuration
import Foundation
import NIOCore
import ServiceKit

/// Stripe's PaymentIntents API (https://docs.stripe.com/api/payment_intents): form-encoded
/// requests with `Authorization: Bearer <secret key>` and `Idempotency-Key`, JSON answers, card
/// errors as HTTP 402 with an `error` object. A charge creates and confirms an intent at once
/// (automatic confirmation); `requires_action` hands the redirect URL of 3-D Secure to the client,
/// whose return is checked by retrieving the intent (and by the `payment_intent.*` webhooks).
struct StripeProvider: PaymentProvider {
    let name = "stripe"
    let config: StripeConfig
    let client: HTTPClient

    func charge(
        paymentMethod: String, amount: Int, currency: String, idempotencyKey: String, metadata: [String: String],
        authenticate: Bool
    ) async throws -> ProviderOutcome {
        let form =
            [
                ("amount", String(amount)), ("currency", currency.lowercased()), ("payment_method", paymentMethod),
                ("confirm", "true"), ("return_url", config.returnURL),
                ("automatic_payment_methods[enabled]", "true"),
                ("automatic_payment_methods[allow_redirects]", "never"),
            ] + metadata.sorted { $0.key < $1.key }.map { ("metadata[\($0.key)]", $0.value) }
            + (authenticate ? [("payment_method_options[card][request_three_d_secure]", "any")] : [])
        let (status, json) = try await post("/v1/payment_intents", form, idempotencyKey: "hs-pi-\(idempotencyKey)")
        if status == 402, let error = json["error"] as? [String: Any] {
            let intent = error["payment_intent"] as? [String: Any]
            let reason = error["decline_code"] as? String ?? error["code"] as? String ?? "card_declined"
            return .failed(reference: intent?["id"] as? String ?? "stripe_\(idempotencyKey)", reason: reason)
        }
        guard status == 200 else { throw unavailable(status, json) }
        return try Self.outcome(json)
    }

    func status(of reference: String) async throws -> ProviderOutcome {
        let (status, json) = try await send("GET", "/v1/payment_intents/\(reference)", body: nil, idempotencyKey: nil)
        guard status == 200 else { throw unavailable(status, json) }
        return try Self.outcome(json)
    }

    func refund(reference: String, amount: Int, idempotencyKey: String) async throws -> String {
        let (status, json) = try await post(
            "/v1/refunds", [("payment_intent", reference), ("amount", String(amount))],
            idempotencyKey: "hs-re-\(idempotencyKey)")
        guard status == 200, let id = json["id"] as? String else { throw unavailable(status, json) }
        return id
    }

    /// A PaymentIntent as one of our outcomes.
    static func outcome(_ intent: [String: Any]) throws -> ProviderOutcome {
        guard let id = intent["id"] as? String, let status = intent["status"] as? String else {
            throw ProviderUnavailable(provider: "stripe", detail: "answer without a payment intent")
        }
        switch status {
        case "succeeded", "processing":
            return .succeeded(reference: id)
        case "requires_action":
            let next = intent["next_action"] as? [String: Any]
            let redirect = (next?["redirect_to_url"] as? [String: Any])?["url"] as? String
            return .requiresAction(reference: id, redirectURL: redirect ?? "")
        default:
            let error = intent["last_payment_error"] as? [String: Any]
            let reason = error?["decline_code"] as? String ?? error?["code"] as? String ?? status
            return .failed(reference: id, reason: reason)
        }
    }

    private func post(_ path: String, _ form: [(String, String)], idempotencyKey: String) async throws
        -> (UInt, [String: Any])
    {
        try await send("POST", path, body: Self.formEncode(form), idempotencyKey: idempotencyKey)
    }

    private func send(_ method: String, _ path: String, body: String?, idempotencyKey: String?) async throws
        -> (UInt, [String: Any])
    {
        var request = HTTPClientRequest(url: config.apiURL + path)
        request.method = method == "GET" ? .GET : .POST
        request.headers.add(name: "Authorization", value: "Bearer \(config.secretKey)")
        request.headers.add(name: "Stripe-Version", value: "2024-06-20")
        if let idempotencyKey { request.headers.add(name: "Idempotency-Key", value: idempotencyKey) }
        if let body {
            request.headers.add(name: "Content-Type", value: "application/x-www-form-urlencoded")
            request.body = .bytes(ByteBuffer(string: body))
        }
        return try await client.providerCall(request, timeoutSeconds: config.timeoutSeconds, provider: name)
    }

    private func unavailable(_ status: UInt, _ json: [String: Any]) -> ProviderUnavailable {
        let message = (json["error"] as? [String: Any])?["message"] as? String ?? "HTTP \(status)"
        return ProviderUnavailable(provider: "stripe", detail: message)
    }

    static func formEncode(_ pairs: [(String, String)]) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        return pairs.map { key, value in
            "\(key.addingPercentEncoding(withAllowedCharacters: allowed) ?? key)="
                + (value.addingPercentEncoding(withAllowedCharacters: allowed) ?? value)
        }.joined(separator: "&")
    }
}

/// Stripe settings. Keys: `stripe.api.url` (https://api.stripe.com), `stripe.secret.key` (secret;
/// Stripe is offered only when set), `stripe.webhook.secret` (secret; `whsec_…`),
/// `stripe.return.url` (where 3-D Secure sends the customer back), `stripe.timeout.seconds` (20).
struct StripeConfig: Sendable {
    var apiURL: String
    var secretKey: String
    var webhookSecret: String
    var returnURL: String
    var timeoutSeconds: Int64
}

extension StripeConfig {
    /// Nil when no secret key is configured (Stripe is then not offered). Once enabled, the
    /// secret key and the webhook secret must both be real (`ProviderSecrets`).
    init?(reader: ConfigReader) throws {
        let key = reader.string(forKey: "stripe.secret.key", isSecret: true, default: "")
        guard !key.isEmpty else { return nil }
        apiURL = reader.string(forKey: "stripe.api.url", default: "https://api.stripe.com")
        secretKey = key
        webhookSecret = reader.string(forKey: "stripe.webhook.secret", isSecret: true, default: "")
        try ProviderSecrets.require(
            "Stripe", [("stripe.secret.key", secretKey), ("stripe.webhook.secret", webhookSecret)])
        returnURL = reader.string(forKey: "stripe.return.url", default: "http://localhost:8080/payment-return")
        timeoutSeconds = Int64(reader.int(forKey: "stripe.timeout.seconds", default: 20))
    }
}
