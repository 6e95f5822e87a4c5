import AsyncHTTPClient
import Foundation
import TestSupport
import Testing

@testable import Payments

/// The PayPal Orders v2 adapter against a local fake that speaks PayPal's wire format.
@Suite("PayPal adapter")
struct PayPalAdapterTests {
    @Test("order, buyer approval, capture (idempotent), refund to the capture; amounts as decimal strings")
    func orders() async throws {
        let fake = FakePayPal()
        try await fake.start(port: 0)
        let paypal = PayPalProvider(
            config: PayPalConfig(
                apiURL: "http://127.0.0.1:\(await fake.port)", clientID: "id", clientSecret: "secret",
                webhookID: "WH-1", returnURL: "http://localhost/return"),
            client: .shared)
        let created = try await paypal.charge(
            paymentMethod: "paypal", amount: 1150, currency: "EUR", idempotencyKey: "k1",
            metadata: ["payment_id": "p-1", "booking_id": "b-1"], authenticate: false)
        guard case .requiresAction(let order, let url) = created else {
            Issue.record("\(created)")
            return
        }
        #expect(url.contains(order))
        #expect(await fake.orders[order]?.value == "11.50")
        // Retried with the same key: the same order (PayPal-Request-Id).
        #expect(
            try await paypal.charge(
                paymentMethod: "paypal", amount: 1150, currency: "EUR", idempotencyKey: "k1",
                metadata: ["payment_id": "p-1"], authenticate: false) == created)
        #expect(try await paypal.status(of: order) == .requiresAction(reference: order, redirectURL: ""))
        await fake.approve(order)
        #expect(try await paypal.status(of: order) == .succeeded(reference: order))
        #expect(try await paypal.status(of: order) == .succeeded(reference: order))
        #expect(try await paypal.refund(reference: order, amount: 500, idempotencyKey: "r1").hasPrefix("REF-"))
        #expect(await fake.orders[order]?.refunds.count == 1)
        #expect(PayPalProvider.decimal(1150, "JPY") == "1150")
        #expect(PayPalProvider.decimal(5, "EUR") == "0.05")
    }
}
