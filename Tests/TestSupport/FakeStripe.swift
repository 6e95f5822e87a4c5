import Crypto
import Foundation
import Hummingbird
import NIOCore

/// A local stand-in for Stripe's API (https://docs.stripe.com/api), speaking its wire format:
/// form-encoded requests with a Bearer secret key and `Idempotency-Key`, JSON PaymentIntents,
/// card errors as 402. Test cards follow Stripe's test payment methods: `pm_card_visa` succeeds,
/// `pm_card_threeDSecure2Required` requires 3-D Secure, `pm_card_chargeDeclined` and
/// `pm_card_chargeDeclinedInsufficientFunds` are declined. It also builds signed webhook events.
public actor FakeStripe {
    public struct Intent: Sendable {
        public var id: String
        public var amount: Int
        public var currency: String
        public var status: String
        public var metadata: [String: String]
        public var declineCode: String?
    }

    public struct Call: Sendable {
        public var method: String
        public var path: String
        public var authorization: String?
        public var idempotencyKey: String?
        public var form: [String: String]
    }

    public private(set) var intents: [String: Intent] = [:]
    public private(set) var calls: [Call] = []
    private var replies: [String: (Int, Data)] = [:]
    public private(set) var port = 0
    /// The start-up, shared by concurrent callers of `start` (the port it bound).
    private var server: Task<Int, any Error>?

    /// The one fake of the test process, on the port the payments service was configured with.
    public static let shared = FakeStripe()

    public init() {}

    public var baseURL: String { "http://127.0.0.1:\(port)" }

    /// Starts the fake once (port 0: any free port).
    public func start(port wanted: Int) async throws {
        if let server {
            _ = try await server.value
            return
        }
        let router = Router()
        router.post("/v1/payment_intents") { request, _ in try await self.handle(request, "/v1/payment_intents") }
        router.get("/v1/payment_intents/:id") { request, context in
            await self.retrieve(try context.parameters.require("id"), request)
        }
        router.post("/v1/refunds") { request, _ in try await self.handle(request, "/v1/refunds") }
        let launching = Task { try await launch(router, port: wanted).port }
        server = launching
        port = try await launching.value
    }

    public func intent(forPayment payment: String) -> Intent? {
        intents.values.first { $0.metadata["payment_id"]?.lowercased() == payment.lowercased() }
    }

    /// The customer passes (or fails) 3-D Secure on Stripe's page.
    public func authenticate(_ id: String, succeeds: Bool = true) {
        intents[id]?.status = succeeds ? "succeeded" : "requires_payment_method"
        if !succeeds { intents[id]?.declineCode = "authentication_required" }
    }

    /// A webhook event about an intent and its `Stripe-Signature` header (signed `at`).
    public func event(_ type: String, intent id: String, secret: String, eventID: String? = nil, at: Date = .now)
        -> (body: Data, signature: String)
    {
        let intent = intents[id] ?? Intent(id: id, amount: 0, currency: "eur", status: "succeeded", metadata: [:])
        let event: [String: Any] = [
            "id": eventID ?? "evt_\(Self.random())", "object": "event", "type": type,
            "created": Int(at.timeIntervalSince1970), "data": ["object": Self.json(intent)],
        ]
        let body = (try? JSONSerialization.data(withJSONObject: event)) ?? Data()
        return (body, Self.signature(body, secret: secret, at: at))
    }

    public static func signature(_ body: Data, secret: String, at: Date) -> String {
        let timestamp = Int(at.timeIntervalSince1970)
        let mac = HMAC<SHA256>.authenticationCode(
            for: Data("\(timestamp).".utf8) + body, using: SymmetricKey(data: Data(secret.utf8)))
        return "t=\(timestamp),v1=" + mac.map { String(format: "%02x", $0) }.joined()
    }

    // MARK: Wire format

    private func handle(_ request: Request, _ path: String) async throws -> Response {
        let raw = String(buffer: try await request.body.collect(upTo: 1 << 20))
        let form = Self.parseForm(raw)
        let key = request.headers[.init("Idempotency-Key")!]
        calls.append(
            Call(
                method: "POST", path: path, authorization: request.headers[.authorization], idempotencyKey: key,
                form: form))
        guard request.headers[.authorization]?.hasPrefix("Bearer sk_") == true else {
            return Self.reply(401, ["error": ["type": "invalid_request_error", "message": "Invalid API Key provided"]])
        }
        if let key, let (status, body) = replies[path + key] {
            return Response(
                status: .init(code: status), headers: [.contentType: "application/json"],
                body: .init(byteBuffer: ByteBuffer(data: body)))
        }
        let (status, object) = path == "/v1/refunds" ? refund(form) : create(form)
        let body = (try? JSONSerialization.data(withJSONObject: object)) ?? Data()
        if let key { replies[path + key] = (status, body) }
        return Response(
            status: .init(code: status), headers: [.contentType: "application/json"],
            body: .init(byteBuffer: ByteBuffer(data: body)))
    }

    private func create(_ form: [String: String]) -> (Int, [String: Any]) {
        var metadata: [String: String] = [:]
        for (name, value) in form where name.hasPrefix("metadata[") {
            metadata[String(name.dropFirst(9).dropLast())] = value
        }
        var intent = Intent(
            id: "pi_\(Self.random())", amount: Int(form["amount"] ?? "") ?? 0, currency: form["currency"] ?? "",
            status: "succeeded", metadata: metadata)
        let forced = form["payment_method_options[card][request_three_d_secure]"] == "any"
        switch form["payment_method"] ?? "" {
        case "pm_card_visa", "pm_card_mastercard": if forced { intent.status = "requires_action" }
        case "pm_card_threeDSecure2Required", "pm_card_authenticationRequired": intent.status = "requires_action"
        case "pm_card_chargeDeclined", "pm_card_chargeDeclinedInsufficientFunds":
            intent.status = "requires_payment_method"
            intent.declineCode =
                form["payment_method"] == "pm_card_chargeDeclined" ? "generic_decline" : "insufficient_funds"
            intents[intent.id] = intent
            return (
                402,
                [
                    "error": [
                        "type": "card_error", "code": "card_declined", "decline_code": intent.declineCode!,
                        "message": "Your card was declined.", "payment_intent": Self.json(intent),
                    ]
                ]
            )
        default:
            return (
                400,
                [
                    "error": [
                        "type": "invalid_request_error", "code": "resource_missing", "message": "No such PaymentMethod",
                    ]
                ]
            )
        }
        intents[intent.id] = intent
        return (200, Self.json(intent))
    }

    private func refund(_ form: [String: String]) -> (Int, [String: Any]) {
        guard let id = form["payment_intent"], intents[id]?.status == "succeeded" else {
            return (400, ["error": ["type": "invalid_request_error", "code": "charge_not_refundable"]])
        }
        return (
            200,
            [
                "id": "re_\(Self.random())", "object": "refund", "status": "succeeded", "payment_intent": id,
                "amount": Int(form["amount"] ?? "") ?? 0,
            ]
        )
    }

    private func retrieve(_ id: String, _ request: Request) -> Response {
        calls.append(
            Call(
                method: "GET", path: "/v1/payment_intents/\(id)", authorization: request.headers[.authorization],
                idempotencyKey: nil, form: [:]))
        guard let intent = intents[id] else {
            return Self.reply(404, ["error": ["type": "invalid_request_error", "code": "resource_missing"]])
        }
        return Self.reply(200, Self.json(intent))
    }

    static func json(_ intent: Intent) -> [String: Any] {
        var object: [String: Any] = [
            "id": intent.id, "object": "payment_intent", "amount": intent.amount, "currency": intent.currency,
            "status": intent.status, "metadata": intent.metadata, "client_secret": "\(intent.id)_secret_x",
        ]
        if intent.status == "requires_action" {
            object["next_action"] = [
                "type": "redirect_to_url",
                "redirect_to_url": ["url": "https://hooks.stripe.com/3d_secure_2/authenticate/\(intent.id)"],
            ]
        }
        if let code = intent.declineCode {
            object["last_payment_error"] = ["type": "card_error", "code": "card_declined", "decline_code": code]
        }
        return object
    }

    static func reply(_ status: Int, _ object: [String: Any]) -> Response {
        let body = (try? JSONSerialization.data(withJSONObject: object)) ?? Data()
        return Response(
            status: .init(code: status), headers: [.contentType: "application/json"],
            body: .init(byteBuffer: ByteBuffer(data: body)))
    }

    static func parseForm(_ raw: String) -> [String: String] {
        var form: [String: String] = [:]
        for pair in raw.split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1).map {
                String($0).replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? String($0)
            }
            if parts.count == 2 { form[parts[0]] = parts[1] }
        }
        return form
    }

    static func random() -> String { UUID().uuidString.replacingOccurrences(of: "-", with: "").prefix(24).lowercased() }
}
