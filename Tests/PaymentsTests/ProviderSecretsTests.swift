import ServiceKit
import TestSupport
import Testing

@testable import Payments

/// An enabled provider with a missing or placeholder secret stops the service at start-up; a
/// disabled provider needs no secret at all.
@Suite("provider secrets")
struct ProviderSecretsTests {
    static let base = ["payments.data.keys": "k1:one secret"]

    func blueprint(_ extra: [String: String]) throws -> Bool {
        _ = try PaymentsService.blueprint(reader: ConfigReaderFactory.make(Self.base.merging(extra) { $1 }))
        return true
    }

    @Test("disabled providers need no secret")
    func disabled() throws {
        #expect(try blueprint([:]))
    }

    @Test(
        "an enabled provider refuses a missing or placeholder secret",
        arguments: [
            ["stripe.secret.key": "sk_live_real", "stripe.webhook.secret": ""],
            ["stripe.secret.key": "sk_live_real", "stripe.webhook.secret": "whsec_set-in-overlay"],
            ["stripe.secret.key": "CHANGEME", "stripe.webhook.secret": "whsec_abc"],
            ["paypal.client.id": "client", "paypal.client.secret": "secret", "paypal.webhook.id": "WH-set-in-overlay"],
            ["paypal.client.id": "client", "paypal.client.secret": "", "paypal.webhook.id": "WH-1"],
            ["paypal.client.id": "client", "paypal.client.secret": "secret"],
        ])
    func refused(_ values: [String: String]) {
        #expect(throws: ConfigurationError.self) { try blueprint(values) }
    }

    @Test("real-looking secrets of enabled providers pass")
    func enabled() throws {
        #expect(
            try blueprint([
                "stripe.secret.key": "sk_test_4eC39HqLyjWDarjtT1zdp7dc", "stripe.webhook.secret": "whsec_8fj3k2",
                "paypal.client.id": "AXc9", "paypal.client.secret": "EGn1",
                "paypal.webhook.id": "8PT597110X687430LKGECATA",
            ]))
    }

    @Test("placeholders are recognised whatever their case; real secrets are not")
    func placeholders() {
        for value in ["WH-set-in-overlay", "ChangeMe", "<your key>", "TODO", "xxxxxxxx", "placeholder-key"] {
            #expect(ProviderSecrets.looksLikePlaceholder(value), "\(value)")
        }
        for value in ["sk_live_51HqL", "whsec_8fj3k2", "WH-4RD90234"] {
            #expect(!ProviderSecrets.looksLikePlaceholder(value), "\(value)")
        }
    }
}
