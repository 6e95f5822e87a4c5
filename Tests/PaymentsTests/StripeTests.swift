import AsyncHTTPClient
import Foundation
import TestSupport
import Testing

@testable import Payments

/// Stripe's webhook signature and the PaymentIntents adapter, against a local fake that speaks
/// Stripe's wire format.
@Suite("Stripe adapter")
struct StripeAdapterTests {
    let secret = "whsec_test_secret"
    let body = Array(#"{"id":"evt_1","type":"payment_intent.succeeded"}"#.utf8)

    func header(_ body: [UInt8], at time: Date, secret: String? = nil) -> String {
        "t=\(Int(time.timeIntervalSince1970)),v1="
            + StripeSignature.sign(body, timestamp: Int(time.timeIntervalSince1970), secret: secret ?? self.secret)
    }

    @Test("a webhook signature verifies on the raw body; tampered, stale, foreign or malformed ones do not")
    func signatures() throws {
        let now = Date.now
        try StripeSignature.verify(header: header(body, at: now), body: body, secret: secret, now: now)
        // Several v1 values (during a secret rotation): one valid is enough.
        try StripeSignature.verify(
            header: "t=\(Int(now.timeIntervalSince1970)),v1=00ff,v1=" + header(body, at: now).split(separator: "=")
                .last!,
            body: body, secret: secret, now: now)
        var tampered = body
        tampered[tampered.count - 3] = UInt8(ascii: "x")
        #expect(throws: StripeSignature.Failure.mismatch) {
            try StripeSignature.verify(header: header(body, at: now), body: tampered, secret: secret, now: now)
        }
        #expect(throws: StripeSignature.Failure.stale) {
            try StripeSignature.verify(
                header: header(body, at: now.addingTimeInterval(-301)), body: body, secret: secret, now: now)
        }
        #expect(throws: StripeSignature.Failure.mismatch) {
            try StripeSignature.verify(header: header(body, at: now, secret: "whsec_other"), body: body, secret: secret)
        }
        for malformed in [nil, "", "v1=abc", "t=abc,v1=def", "t=123"] {
            #expect(throws: StripeSignature.Failure.self) {
                try StripeSignature.verify(header: malformed, body: body, secret: secret, now: now)
            }
        }
    }

    @Test("the adapter speaks PaymentIntents: success, 3-D Secure, declines, idempotent retries, refunds")
    func paymentIntents() async throws {
        let fake = FakeStripe()
        try await fake.start(port: 0)
        let stripe = StripeProvider(
            config: StripeConfig(
                apiURL: await fake.baseURL, secretKey: "sk_test_123", webhookSecret: secret,
                returnURL: "http://localhost/return", timeoutSeconds: 5),
            client: .shared)
        let metadata = ["payment_id": "p1"]
        let paid = try await stripe.charge(
            paymentMethod: "pm_card_visa", amount: 2300, currency: "EUR", idempotencyKey: "k1", metadata: metadata,
            authenticate: false)
        guard case .succeeded(let reference) = paid else {
            Issue.record("not succeeded: \(paid)")
            return
        }
        #expect(reference.hasPrefix("pi_"))
        // The same key is the same intent: Stripe replays the first answer.
        #expect(
            try await stripe.charge(
                paymentMethod: "pm_card_visa", amount: 2300, currency: "EUR", idempotencyKey: "k1", metadata: metadata,
                authenticate: false)
                == paid)
        let call = try #require(await fake.calls.first)
        #expect(call.authorization == "Bearer sk_test_123")
        #expect(call.idempotencyKey == "hs-pi-k1")
        #expect(call.form["amount"] == "2300" && call.form["currency"] == "eur" && call.form["confirm"] == "true")
        #expect(call.form["metadata[payment_id]"] == "p1")

        let challenged = try await stripe.charge(
            paymentMethod: "pm_card_threeDSecure2Required", amount: 900, currency: "EUR", idempotencyKey: "k2",
            metadata: [:], authenticate: false)
        guard case .requiresAction(let intent, let url) = challenged else {
            Issue.record("\(challenged)")
            return
        }
        #expect(url.contains("3d_secure"))
        #expect(try await stripe.status(of: intent) == challenged)
        await fake.authenticate(intent)
        #expect(try await stripe.status(of: intent) == .succeeded(reference: intent))

        let declined = try await stripe.charge(
            paymentMethod: "pm_card_chargeDeclined", amount: 900, currency: "EUR", idempotencyKey: "k3", metadata: [:],
            authenticate: false)
        guard case .failed(_, "generic_decline") = declined else {
            Issue.record("\(declined)")
            return
        }
        let poor = try await stripe.charge(
            paymentMethod: "pm_card_chargeDeclinedInsufficientFunds", amount: 900, currency: "EUR",
            idempotencyKey: "k4", metadata: [:], authenticate: false)
        guard case .failed(_, "insufficient_funds") = poor else {
            Issue.record("\(poor)")
            return
        }

        #expect(try await stripe.refund(reference: reference, amount: 2300, idempotencyKey: "r1").hasPrefix("re_"))
        let wrongKey = StripeProvider(
            config: StripeConfig(
                apiURL: await fake.baseURL, secretKey: "bad", webhookSecret: "", returnURL: "", timeoutSeconds: 5),
            client: .shared)
        await #expect(throws: ProviderUnavailable.self) {
            _ = try await wrongKey.charge(
                paymentMethod: "pm_card_visa", amount: 1, currency: "EUR", idempotencyKey: "k5", metadata: [:],
                authenticate: false)
        }
    }
}
