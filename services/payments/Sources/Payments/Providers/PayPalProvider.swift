import AsyncHTTPClient
import Configuration
import Foundation
import NIOCore
import ServiceKit

/// PayPal Orders v2 (https://developer.paypal.com/docs/api/orders/v2/): an OAuth client-credentials
/// token, then JSON calls with `PayPal-Request-Id` for idempotency. A charge creates an order that
/// the buyer approves on PayPal (the `approve`/`payer-action` link is the next action); coming back,
/// we capture it, and the capture's status is the proof of payment. Refunds go to the capture.
actor PayPalAccessToken {
    private var token: (value: String, expires: Date)?

    func get(_ fetch: () async throws -> (String, Int)) async throws -> String {
        if let token, token.expires > .now.addingTimeInterval(60) { return token.value }
        let (value, lifetime) = try await fetch()
        token = (value, .now.addingTimeInterval(TimeInterval(lifetime)))
        return value
    }
}

struct PayPalProvider: PaymentProvider {
    let name = "paypal"
    let config: PayPalConfig
    let client: HTTPClient
    let token = PayPalAccessToken()

    func charge(
        paymentMethod: String, amount: Int, currency: String, idempotencyKey: String, metadata: [String: String],
        authenticate: Bool
    ) async throws -> ProviderOutcome {
        let body: [String: Any] = [
            "intent": "CAPTURE",
            "purchase_units": [
                [
                    "reference_id": metadata["booking_id"] ?? "", "custom_id": metadata["payment_id"] ?? "",
                    "amount": ["currency_code": currency, "value": Self.decimal(amount, currency)],
                ]
            ],
            "payment_source": [
                "paypal": ["experience_context": ["return_url": config.returnURL, "cancel_url": config.returnURL]]
            ],
        ]
        let (status, json) = try await send(
            "POST", "/v2/checkout/orders", body, requestID: "hs-order-\(idempotencyKey)")
        guard [200, 201].contains(status), let id = json["id"] as? String else { throw unavailable(status, json) }
        let links = json["links"] as? [[String: Any]] ?? []
        let approve = links.first { ["approve", "payer-action"].contains($0["rel"] as? String) }?["href"] as? String
        return .requiresAction(reference: id, redirectURL: approve ?? "")
    }

    /// Captures an approved order (idempotent per order); not yet approved: still waiting.
    func status(of reference: String) async throws -> ProviderOutcome {
        let (status, json) = try await send(
            "POST", "/v2/checkout/orders/\(reference)/capture", [:], requestID: "hs-capture-\(reference)")
        if status == 422, Self.issue(json) == "ORDER_NOT_APPROVED" {
            return .requiresAction(reference: reference, redirectURL: "")
        }
        if status == 422, Self.issue(json) == "ORDER_ALREADY_CAPTURED" { return try await existing(reference) }
        guard [200, 201].contains(status) else { throw unavailable(status, json) }
        return Self.outcome(reference, json)
    }

    func refund(reference: String, amount: Int, idempotencyKey: String) async throws -> String {
        let (_, order) = try await send("GET", "/v2/checkout/orders/\(reference)", nil, requestID: nil)
        guard let capture = Self.capture(order), let id = capture["id"] as? String,
            let currency = (capture["amount"] as? [String: Any])?["currency_code"] as? String
        else { throw ProviderUnavailable(provider: name, detail: "order \(reference) has no capture") }
        let (status, json) = try await send(
            "POST", "/v2/payments/captures/\(id)/refund",
            ["amount": ["currency_code": currency, "value": Self.decimal(amount, currency)]],
            requestID: "hs-refund-\(idempotencyKey)")
        guard [200, 201].contains(status), let refund = json["id"] as? String else { throw unavailable(status, json) }
        return refund
    }

    /// PayPal webhooks are verified by PayPal itself (`verify-webhook-signature`) from the
    /// transmission headers; true only for `SUCCESS`.
    func verifyWebhook(headers: [String: String], event: Any) async throws -> Bool {
        var body: [String: Any] = ["webhook_id": config.webhookID, "webhook_event": event]
        for (field, header) in [
            ("auth_algo", "paypal-auth-algo"), ("cert_url", "paypal-cert-url"),
            ("transmission_id", "paypal-transmission-id"), ("transmission_sig", "paypal-transmission-sig"),
            ("transmission_time", "paypal-transmission-time"),
        ] {
            guard let value = headers[header] else { return false }
            body[field] = value
        }
        let (status, json) = try await send("POST", "/v1/notifications/verify-webhook-signature", body, requestID: nil)
        return status == 200 && json["verification_status"] as? String == "SUCCESS"
    }

    private func existing(_ reference: String) async throws -> ProviderOutcome {
        let (status, json) = try await send("GET", "/v2/checkout/orders/\(reference)", nil, requestID: nil)
        guard status == 200 else { throw unavailable(status, json) }
        return Self.outcome(reference, json)
    }

    static func outcome(_ reference: String, _ order: [String: Any]) -> ProviderOutcome {
        switch capture(order)?["status"] as? String {
        case "COMPLETED", "PENDING": .succeeded(reference: reference)
        case let other: .failed(reference: reference, reason: (other ?? "NOT_CAPTURED").lowercased())
        }
    }

    static func capture(_ order: [String: Any]) -> [String: Any]? {
        let unit = (order["purchase_units"] as? [[String: Any]])?.first
        return ((unit?["payments"] as? [String: Any])?["captures"] as? [[String: Any]])?.first
    }

    static func issue(_ json: [String: Any]) -> String? {
        (json["details"] as? [[String: Any]])?.first?["issue"] as? String
    }

    /// Minor units as PayPal's decimal string (`1150 EUR` → `11.50`).
    static func decimal(_ minor: Int, _ currency: String) -> String {
        Money.format(minor, currency).split(separator: " ").first.map { $0.replacingOccurrences(of: ",", with: ".") }
            ?? "\(minor)"
    }

    private func accessToken() async throws -> String {
        try await token.get {
            var request = HTTPClientRequest(url: config.apiURL + "/v1/oauth2/token")
            request.method = .POST
            let basic = Data("\(config.clientID):\(config.clientSecret)".utf8).base64EncodedString()
            request.headers.add(name: "Authorization", value: "Basic \(basic)")
            request.headers.add(name: "Content-Type", value: "application/x-www-form-urlencoded")
            request.body = .bytes(ByteBuffer(string: "grant_type=client_credentials"))
            let (status, json) = try await execute(request)
            guard status == 200, let value = json["access_token"] as? String else { throw unavailable(status, json) }
            return (value, json["expires_in"] as? Int ?? 300)
        }
    }

    private func send(_ method: String, _ path: String, _ body: [String: Any]?, requestID: String?) async throws
        -> (UInt, [String: Any])
    {
        var request = HTTPClientRequest(url: config.apiURL + path)
        request.method = method == "GET" ? .GET : .POST
        request.headers.add(name: "Authorization", value: "Bearer \(try await accessToken())")
        if let requestID { request.headers.add(name: "PayPal-Request-Id", value: requestID) }
        if let body {
            request.headers.add(name: "Content-Type", value: "application/json")
            request.body = .bytes(ByteBuffer(bytes: try JSONSerialization.data(withJSONObject: body)))
        }
        return try await execute(request)
    }

    private func execute(_ request: HTTPClientRequest) async throws -> (UInt, [String: Any]) {
        try await client.providerCall(request, timeoutSeconds: config.timeoutSeconds, provider: name)
    }

    private func unavailable(_ status: UInt, _ json: [String: Any]) -> ProviderUnavailable {
        ProviderUnavailable(provider: "paypal", detail: json["message"] as? String ?? "HTTP \(status)")
    }
}

/// PayPal settings. Keys: `paypal.api.url` (https://api-m.paypal.com), `paypal.client.id`,
/// `paypal.client.secret` (secret; PayPal is offered only when both are set), `paypal.webhook.id`,
/// `paypal.return.url`, `paypal.timeout.seconds` (20).
struct PayPalConfig: Sendable {
    var apiURL: String
    var clientID: String
    var clientSecret: String
    var webhookID: String
    var returnURL: String
    var timeoutSeconds: Int64

    init(apiURL: String, clientID: String, clientSecret: String, webhookID: String, returnURL: String) {
        (self.apiURL, self.clientID, self.clientSecret) = (apiURL, clientID, clientSecret)
        (self.webhookID, self.returnURL, timeoutSeconds) = (webhookID, returnURL, 20)
    }

    /// Nil when neither the client id nor its secret is set (PayPal is then not offered); once
    /// either is, all three secrets must be real (`ProviderSecrets`).
    init?(reader: ConfigReader) throws {
        let id = reader.string(forKey: "paypal.client.id", default: "")
        let secret = reader.string(forKey: "paypal.client.secret", isSecret: true, default: "")
        guard !id.isEmpty || !secret.isEmpty else { return nil }
        let webhookID = reader.string(forKey: "paypal.webhook.id", isSecret: true, default: "")
        try ProviderSecrets.require(
            "PayPal",
            [("paypal.client.id", id), ("paypal.client.secret", secret), ("paypal.webhook.id", webhookID)])
        self.init(
            apiURL: reader.string(forKey: "paypal.api.url", default: "https://api-m.paypal.com"), clientID: id,
            clientSecret: secret, webhookID: webhookID,
            returnURL: reader.string(forKey: "paypal.return.url", default: "http://localhost:8080/payment-return"))
        timeoutSeconds = Int64(reader.int(forKey: "paypal.timeout.seconds", default: 20))
    }
}
