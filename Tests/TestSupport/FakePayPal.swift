import Crypto
import Foundation
import Hummingbird
import NIOCore

/// A local stand-in for PayPal's REST API (OAuth token, Orders v2, capture refunds, webhook
/// verification), speaking its wire format. The buyer's approval on PayPal is `approve(_:)`.
public actor FakePayPal {
    public struct Order: Sendable {
        public var id: String
        public var paymentID: String
        public var currency: String
        public var value: String
        public var approved = false
        public var captureID: String?
        public var refunds: [String] = []
    }

    public private(set) var orders: [String: Order] = [:]
    private var replies: [String: (Int, Data)] = [:]
    public private(set) var port = 0
    /// The start-up, shared by concurrent callers of `start` (the port it bound).
    private var server: Task<Int, any Error>?
    let signingKey = SymmetricKey(data: Data("fake-paypal-transmissions".utf8))

    public static let shared = FakePayPal()

    public init() {}

    public func start(port wanted: Int) async throws {
        if let server {
            _ = try await server.value
            return
        }
        let router = Router()
        router.post("/v1/oauth2/token") { request, _ in await self.token(request) }
        router.post("/v2/checkout/orders") { request, _ in try await self.create(request) }
        router.get("/v2/checkout/orders/:id") { request, context in
            await self.show(try context.parameters.require("id"), request)
        }
        router.post("/v2/checkout/orders/:id/capture") { request, context in
            await self.capture(try context.parameters.require("id"), request)
        }
        router.post("/v2/payments/captures/:id/refund") { request, context in
            await self.refund(try context.parameters.require("id"), request)
        }
        router.post("/v1/notifications/verify-webhook-signature") { request, _ in try await self.verify(request) }
        let launching = Task { try await launch(router, port: wanted).port }
        server = launching
        port = try await launching.value
    }

    public func order(forPayment payment: String) -> Order? {
        orders.values.first { $0.paymentID.lowercased() == payment.lowercased() }
    }

    public func approve(_ id: String) { orders[id]?.approved = true }

    /// A webhook event about an order's capture, with the transmission headers PayPal sends.
    public func event(_ type: String, order id: String, webhookID: String, forged: Bool = false)
        -> (body: Data, headers: [String: String])
    {
        let eventID = "WH-\(Self.random())"
        let event: [String: Any] = [
            "id": eventID, "event_type": type, "resource_type": "capture",
            "resource": [
                "id": orders[id]?.captureID ?? "CAP-\(Self.random())", "status": "COMPLETED",
                "supplementary_data": ["related_ids": ["order_id": id]],
            ],
        ]
        let transmission = UUID().uuidString
        let time = Date.now.formatted(.iso8601)
        let signature = forged ? "forged" : sign(transmission, eventID, webhookID)
        return (
            (try? JSONSerialization.data(withJSONObject: event)) ?? Data(),
            [
                "PAYPAL-TRANSMISSION-ID": transmission, "PAYPAL-TRANSMISSION-TIME": time,
                "PAYPAL-TRANSMISSION-SIG": signature, "PAYPAL-AUTH-ALGO": "SHA256withRSA",
                "PAYPAL-CERT-URL": "https://api.paypal.com/v1/notifications/certs/CERT-fake",
                "Content-Type": "application/json",
            ]
        )
    }

    func sign(_ transmission: String, _ eventID: String, _ webhookID: String) -> String {
        let mac = HMAC<SHA256>.authenticationCode(
            for: Data("\(transmission)|\(eventID)|\(webhookID)".utf8), using: signingKey)
        return Data(mac).base64EncodedString()
    }

    // MARK: Wire format

    private func token(_ request: Request) -> Response {
        guard request.headers[.authorization]?.hasPrefix("Basic ") == true else {
            return Self.reply(401, ["error": "invalid_client"])
        }
        return Self.reply(
            200, ["access_token": "A21.fake.\(Self.random())", "token_type": "Bearer", "expires_in": 32400])
    }

    private func authorized(_ request: Request) -> Bool {
        request.headers[.authorization]?.hasPrefix("Bearer A21.fake.") == true
    }

    private func create(_ request: Request) async throws -> Response {
        guard authorized(request) else { return Self.reply(401, ["name": "AUTHENTICATION_FAILURE"]) }
        let key = request.headers[.init("PayPal-Request-Id")!]
        if let key, let (status, body) = replies["order" + key] { return Self.raw(status, body) }
        let json = try JSONSerialization.jsonObject(
            with: Data(try await request.body.collect(upTo: 1 << 20).readableBytesView))
        let unit = ((json as? [String: Any])?["purchase_units"] as? [[String: Any]])?.first ?? [:]
        let amount = unit["amount"] as? [String: Any] ?? [:]
        let order = Order(
            id: Self.random(), paymentID: unit["custom_id"] as? String ?? "",
            currency: amount["currency_code"] as? String ?? "", value: amount["value"] as? String ?? "")
        orders[order.id] = order
        let body = Self.data(Self.json(order, status: "PAYER_ACTION_REQUIRED"))
        if let key { replies["order" + key] = (200, body) }
        return Self.raw(200, body)
    }

    private func show(_ id: String, _ request: Request) -> Response {
        guard authorized(request), let order = orders[id] else {
            return Self.reply(404, ["name": "RESOURCE_NOT_FOUND"])
        }
        return Self.reply(200, Self.json(order, status: order.captureID == nil ? "APPROVED" : "COMPLETED"))
    }

    private func capture(_ id: String, _ request: Request) -> Response {
        guard authorized(request), var order = orders[id] else {
            return Self.reply(404, ["name": "RESOURCE_NOT_FOUND"])
        }
        let key = request.headers[.init("PayPal-Request-Id")!]
        if let key, let (status, body) = replies["capture" + key] { return Self.raw(status, body) }
        guard order.approved else {
            return Self.reply(422, ["name": "UNPROCESSABLE_ENTITY", "details": [["issue": "ORDER_NOT_APPROVED"]]])
        }
        guard order.captureID == nil else {
            return Self.reply(422, ["name": "UNPROCESSABLE_ENTITY", "details": [["issue": "ORDER_ALREADY_CAPTURED"]]])
        }
        order.captureID = "CAP-\(Self.random())"
        orders[id] = order
        let body = Self.data(Self.json(order, status: "COMPLETED"))
        if let key { replies["capture" + key] = (201, body) }
        return Self.raw(201, body)
    }

    private func refund(_ capture: String, _ request: Request) -> Response {
        guard authorized(request), let id = orders.values.first(where: { $0.captureID == capture })?.id else {
            return Self.reply(404, ["name": "RESOURCE_NOT_FOUND"])
        }
        let refundID = "REF-\(Self.random())"
        orders[id]?.refunds.append(refundID)
        return Self.reply(201, ["id": refundID, "status": "COMPLETED"])
    }

    private func verify(_ request: Request) async throws -> Response {
        guard authorized(request) else { return Self.reply(401, ["name": "AUTHENTICATION_FAILURE"]) }
        let json = try JSONSerialization.jsonObject(
            with: Data(try await request.body.collect(upTo: 1 << 20).readableBytesView))
        let body = json as? [String: Any] ?? [:]
        let eventID = (body["webhook_event"] as? [String: Any])?["id"] as? String ?? ""
        let expected = sign(
            body["transmission_id"] as? String ?? "", eventID, body["webhook_id"] as? String ?? "")
        let valid = body["transmission_sig"] as? String == expected
        return Self.reply(200, ["verification_status": valid ? "SUCCESS" : "FAILURE"])
    }

    static func json(_ order: Order, status: String) -> [String: Any] {
        var unit: [String: Any] = [
            "custom_id": order.paymentID, "amount": ["currency_code": order.currency, "value": order.value],
        ]
        if let capture = order.captureID {
            unit["payments"] = [
                "captures": [
                    [
                        "id": capture, "status": "COMPLETED",
                        "amount": ["currency_code": order.currency, "value": order.value],
                    ]
                ]
            ]
        }
        return [
            "id": order.id, "status": status, "purchase_units": [unit],
            "links": [["rel": "payer-action", "href": "https://www.sandbox.paypal.com/checkoutnow?token=\(order.id)"]],
        ]
    }

    static func data(_ object: [String: Any]) -> Data {
        (try? JSONSerialization.data(withJSONObject: object)) ?? Data()
    }
    static func reply(_ status: Int, _ object: [String: Any]) -> Response { raw(status, data(object)) }
    static func raw(_ status: Int, _ body: Data) -> Response {
        Response(
            status: .init(code: status), headers: [.contentType: "application/json"],
            body: .init(byteBuffer: ByteBuffer(data: body)))
    }
    static func random() -> String { String(UUID().uuidString.replacingOccurrences(of: "-", with: "").prefix(17)) }
}
