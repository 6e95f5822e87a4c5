import Foundation
import ServiceKit
import TestSupport
import Testing

@testable import Payments

@Suite("payments")
struct PaymentsTests {
    static let config = [
        "stripe.secret.key": "sk_test", "stripe.webhook.secret": "whsec", "paypal.client.id": "id",
        "paypal.client.secret": "secret", "paypal.webhook.id": "WH-1",
        "payments.data.keys": "k1:one secret,k2:another secret",
    ]

    @Test("personal data is sealed under the current key id and still opens after a key rotation")
    func personalData() throws {
        let before = PersonalDataCipher(keys: ["k1": "first secret"], current: "k1")
        let sealed = try before.seal("ada@example.com", field: "bookings.user_email")
        #expect(!String(decoding: sealed.readableBytesView, as: UTF8.self).contains("ada@example.com"))
        #expect(String(decoding: sealed.readableBytesView.prefix(3), as: UTF8.self) == "k1:")
        let rotated = PersonalDataCipher(keys: ["k1": "first secret", "k2": "second secret"], current: "k2")
        #expect(try rotated.open(sealed, field: "bookings.user_email") == "ada@example.com")
        let resealed = try rotated.seal("ada@example.com", field: "bookings.user_email")
        #expect(String(decoding: resealed.readableBytesView.prefix(3), as: UTF8.self) == "k2:")
        // Moved to another column, or opened without its key: refused.
        #expect(throws: (any Error).self) { try rotated.open(sealed, field: "invoices.buyer") }
        #expect(throws: (any Error).self) {
            try PersonalDataCipher(keys: ["k2": "second secret"], current: "k2").open(
                sealed, field: "bookings.user_email")
        }
    }

    @Test("the OpenAPI document lists exactly the routes payments serves")
    func openAPIMatchesRoutes() throws {
        let (documented, served) = try RouteContract.compare(
            try PaymentsService.blueprint(reader: ConfigReaderFactory.make(Self.config)))
        #expect(documented == served)
        #expect(served.contains("POST /checkouts"))
    }

    @Test("the README's HTTP section names every route of the OpenAPI document")
    func readmeNamesEveryRoute() throws {
        let (documented, _) = try RouteContract.compare(
            try PaymentsService.blueprint(reader: ConfigReaderFactory.make(Self.config)))
        let named = try ReadmeRoutes.named(inReadmeOf: "payments")
        #expect(documented.subtracting(named).sorted() == [])
    }

    @Test("the simulated provider behaves like Stripe's test cards, and takes its configured latency")
    func simulatedProvider() async throws {
        let provider = SimulatedProvider()
        func charge(_ method: String, authenticate: Bool = false) async throws -> ProviderOutcome {
            try await provider.charge(
                paymentMethod: method, amount: 100, currency: "EUR", idempotencyKey: "k", authenticate: authenticate)
        }
        #expect(try await charge("tok_visa") == .succeeded(reference: "sim_k"))
        guard case .requiresAction = try await charge("tok_3ds") else {
            Issue.record("tok_3ds must require action")
            return
        }
        guard case .requiresAction = try await charge("tok_visa", authenticate: true) else {
            Issue.record("a forced authentication must require action")
            return
        }
        #expect(try await charge("tok_insufficient_funds") == .failed(reference: "sim_k", reason: "insufficient_funds"))
        #expect(try await charge("tok_declined") == .failed(reference: "sim_k", reason: "card_declined"))
        let slow = SimulatedProvider(latency: .milliseconds(150))
        let elapsed = try await ContinuousClock().measure {
            _ = try await slow.charge(paymentMethod: "tok_visa", amount: 1, currency: "EUR", idempotencyKey: "k")
        }
        #expect(elapsed >= .milliseconds(150))
    }

    @Test("provider idempotency keys are deterministic per user and key")
    func providerKeys() {
        let user = UUID()
        #expect(
            IdempotencyStore.providerKey(user: user, key: "a") == IdempotencyStore.providerKey(user: user, key: "a"))
        #expect(
            IdempotencyStore.providerKey(user: user, key: "a") != IdempotencyStore.providerKey(user: user, key: "b"))
        #expect(
            IdempotencyStore.providerKey(user: user, key: "a") != IdempotencyStore.providerKey(user: UUID(), key: "a"))
    }

    @Test("every event it publishes or consumes is in the AsyncAPI catalogue")
    func eventCatalogue() throws {
        let documented = try EventCatalogue.documentedTypes()
        let published: Set<String> = Set([
            PaymentSucceeded.type, PaymentFailed.type, PaymentRequiresAction.type, RefundSucceeded.type,
            FraudSuspected.type, InvoiceIssued.type,
        ])
        let consumed = EventCatalogue.consumedTypes(
            try PaymentsService.blueprint(reader: ConfigReaderFactory.make(Self.config)))
        #expect(published.subtracting(documented).isEmpty, "undocumented: \(published.subtracting(documented))")
        #expect(consumed.subtracting(documented).isEmpty, "undocumented: \(consumed.subtracting(documented))")
    }

    @Test("promo discounts round half up to the minor unit and never exceed the amount")
    func promoRounding() {
        #expect(PromoCode.discount(kind: "percent", value: 15, amount: 1150) == 173)  // 172.5 → 173
        #expect(PromoCode.discount(kind: "percent", value: 15, amount: 1130) == 170)  // 169.5 → 170
        #expect(PromoCode.discount(kind: "percent", value: 33, amount: 1) == 0)  // 0.33 → 0
        #expect(PromoCode.discount(kind: "percent", value: 100, amount: 999) == 999)
        #expect(PromoCode.discount(kind: "fixed", value: 500, amount: 300) == 300)
        #expect(PromoCode.discount(kind: "fixed", value: 500, amount: 1150) == 500)
        let bad = PromoCode(code: "x", kind: "percent", value: 150)
        #expect(bad.problems().map(\.field) == ["code", "value"])
        #expect(PromoCode(code: "SPRING-24", kind: "fixed", value: 300).problems().map(\.field) == ["value"])
        #expect(PromoCode(code: "SPRING-24", kind: "fixed", value: 300, currency: "EUR").problems().isEmpty)
    }

    @Test("anything that looks like a card number is refused, wherever it is in the body")
    func cardNumbers() throws {
        #expect(CardNumberGuard.looksLikeCardNumber("4242 4242 4242 4242"))
        #expect(CardNumberGuard.looksLikeCardNumber("5555-5555-5555-4444"))
        #expect(CardNumberGuard.looksLikeCardNumber("378282246310005"))  // Amex, 15 digits
        #expect(!CardNumberGuard.looksLikeCardNumber("4242 4242 4242 4241"))  // Luhn fails
        #expect(!CardNumberGuard.looksLikeCardNumber("tok_visa"))
        #expect(!CardNumberGuard.looksLikeCardNumber("123456"))
        let body = Data(#"{"bookingId":"x","paymentMethod":"tok_visa","card":{"number":"4000 0566 5566 5556"}}"#.utf8)
        #expect(
            CardNumberGuard.firstCardNumber(in: try JSONSerialization.jsonObject(with: body), path: "") == "card.number"
        )
        #expect(throws: AppError.self) { try CardNumberGuard.refuse(in: body) }
        try CardNumberGuard.refuse(in: Data(#"{"bookingId":"x","paymentMethod":"pm_card_visa"}"#.utf8))
    }

    @Test("money follows ISO 4217 exponents; VAT included in a price rounds half up")
    func moneyAndVAT() {
        #expect(Money.format(1150, "EUR") == "11,50 EUR")
        #expect(Money.format(5, "EUR") == "0,05 EUR")
        #expect(Money.format(-500, "EUR") == "-5,00 EUR")
        #expect(Money.format(1150, "JPY") == "1150 JPY")
        #expect(Money.format(1150, "KWD") == "1,150 KWD")
        let config = InvoiceConfig(reader: ConfigReaderFactory.make([:]))
        #expect(InvoiceConfig.vat(inGross: 1150, permille: config.vatPermille) == 60)  // 1150 / 1.055 = 1090.05
        #expect(InvoiceConfig.vat(inGross: 1055, permille: 55) == 55)
        #expect(InvoiceConfig.vat(inGross: 1, permille: 55) == 0)
        #expect(InvoiceConfig.vat(inGross: 1600, permille: 81) == 120)  // Swiss 8.1 %: 1600 / 1.081 = 1480.11
        #expect(InvoiceConfig.vat(inGross: -1150, permille: 55) == -60)
    }

    @Test("fraud rules: declines, attempts and card reuse block; an unusual amount asks for 3-D Secure")
    func fraudVerdicts() {
        let rules = FraudRules(reader: ConfigReaderFactory.make([:]))
        let calm = FraudRules.Recent(userAttempts: 1, userDeclines: 0, addressAttempts: 40, methodAttempts: 1)
        #expect(rules.verdict(calm, amount: 2300) == .allow)
        #expect(rules.verdict(calm, amount: 10_001) == .authenticate(rule: "unusual-amount"))
        var declines = calm
        declines.userDeclines = 3
        guard case .block(rule: "user-declines", _) = rules.verdict(declines, amount: 100) else {
            Issue.record("three declines should block")
            return
        }
        var busy = calm
        busy.userAttempts = 10
        guard case .block(rule: "user-attempts", _) = rules.verdict(busy, amount: 100) else {
            Issue.record("ten attempts should block")
            return
        }
        var card = calm
        card.methodAttempts = 10
        guard case .block(rule: "card-declines", _) = rules.verdict(card, amount: 100) else {
            Issue.record("ten declines of one card should block")
            return
        }
        var strict = rules
        strict.addressAttempts = 20
        guard case .block(rule: "address-attempts", _) = strict.verdict(calm, amount: 100) else {
            Issue.record("the address rule, when on, should block")
            return
        }
    }

    @Test("CSV fields are quoted per RFC 4180 and cannot start a spreadsheet formula")
    func csvFields() throws {
        #expect(ReportController.Table.csvField("plain") == "plain")
        #expect(ReportController.Table.csvField("a,b") == "\"a,b\"")
        #expect(ReportController.Table.csvField("say \"hi\"") == "\"say \"\"hi\"\"\"")
        #expect(ReportController.Table.csvField("=HYPERLINK(\"x\")") == "\"'=HYPERLINK(\"\"x\"\")\"")
        #expect(ReportController.Table.csvField("-300") == "-300")
        let table = ReportController.Table(columns: ["a", "b"], rows: [[.integer(-1), .text("x,y")]])
        #expect(table.csv == "a,b\r\n-1,\"x,y\"\r\n")
        let json = String(decoding: try JSONEncoder().encode(table), as: UTF8.self)
        #expect(json.contains("[[-1,\"x,y\"]]"))
    }

    @Test("indicative conversions move between ISO 4217 exponents and round half up")
    func conversions() {
        #expect(ExchangeRates.convert(1150, from: "EUR", to: "USD", rateMicros: 1_080_000) == 1242)
        #expect(ExchangeRates.convert(1150, from: "EUR", to: "JPY", rateMicros: 162_500_000) == 1869)  // 1868.75
        #expect(ExchangeRates.convert(1869, from: "JPY", to: "EUR", rateMicros: 6_154) == 1150)  // 11.5018…
        #expect(ExchangeRates.convert(1150, from: "EUR", to: "KWD", rateMicros: 330_000) == 3795)  // 3.795 KWD
        #expect(ExchangeRates.convert(0, from: "EUR", to: "USD", rateMicros: 1_080_000) == 0)
    }
}
