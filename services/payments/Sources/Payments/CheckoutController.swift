import Foundation
import HTTPTypes
import Hummingbird
import Metrics
import ServiceKit

/// Checking out a held booking, reading a payment, completing 3-D Secure.
struct CheckoutController: Sendable {
    let payments: PaymentRepository
    let idempotency: IdempotencyStore
    let providers: PaymentProviders
    let promos: PromoStore
    let fraud: FraudStore
    let rates: ExchangeRates
    let cipher: PersonalDataCipher

    func addRoutes(to router: Router<ServiceRequestContext>) {
        router.post("/checkouts", use: checkout)
        router.get("/payments/:id", use: show)
        router.post("/payments/:id/confirm", use: confirm)
    }

    struct CheckoutInput: Codable {
        var bookingId: UUID
        var provider: String?
        var paymentMethod: String
        var promoCode: String?
        /// The customer's currency: the answer shows an indicative converted amount (the charge is
        /// always in the cinema's currency).
        var displayCurrency: String?
        /// For the invoice; kept sealed.
        var billing: Billing?
    }

    struct CheckoutResult: Codable {
        var paymentId: UUID
        var bookingId: UUID
        var status: String
        var amount: Int
        var currency: String
        var failureReason: String?
        var nextAction: NextAction?
        var discount: Int
        var promoCode: String?
        var presentment: Presentment
    }

    /// What the customer saw: the amount in their currency (indicative) next to the settlement one.
    struct Presentment: Codable {
        var currency: String
        var amount: Int
        var settlementCurrency: String
    }

    struct NextAction: Codable {
        var type = "redirect_to_url"
        var url: String
    }

    func checkout(_ request: Request, context: ServiceRequestContext) async throws -> Response {
        let identity = try context.requireIdentity()
        let body = try await request.body.collect(upTo: 64 * 1024)
        try CardNumberGuard.refuse(in: Data(body.readableBytesView))
        let input: CheckoutInput
        do { input = try JSONBody.decoder.decode(CheckoutInput.self, from: body) } catch {
            throw AppError(.badRequest, code: "bad-request", "The body must be JSON with bookingId and paymentMethod")
        }
        guard let provider = providers[input.provider ?? "simulated"] else {
            let names = providers.all.keys.sorted().joined(separator: ", ")
            throw AppError.invalid("provider", "must be one of the providers of this installation: \(names)")
        }
        let key = request.headers[.idempotencyKey] ?? UUID().uuidString
        guard (1...255).contains(key.count) else {
            throw AppError.invalid("Idempotency-Key", "must have 1 to 255 characters")
        }
        let stored = try await idempotency.run(
            user: identity.userID, key: key, request: try JSONBody.encoder.encode(input), logger: context.logger
        ) {
            let result: CheckoutResult
            do {
                result = try await charge(
                    input, provider: provider, identity: identity, key: key, address: request.clientAddress(context),
                    context: context)
            } catch {
                Self.count(provider: provider.name, outcome: Self.outcome(of: error))
                throw error
            }
            Self.count(provider: provider.name, outcome: result.status)
            return .init(status: 201, body: try JSONBody.encoder.encode(result))
        }
        return Response(
            status: .init(code: stored.status), headers: [.contentType: "application/json"],
            body: .init(byteBuffer: ByteBuffer(data: stored.body)))
    }

    /// `checkouts_total{provider,outcome}`: succeeded, requires_action, failed (declined), or why
    /// none was attempted — not_ready (the hold event had not arrived), unavailable (provider),
    /// refused (any other client problem), error.
    static func count(provider: String, outcome: String) {
        Counter(label: "checkouts_total", dimensions: [("provider", provider), ("outcome", outcome)]).increment()
    }

    static func outcome(of error: any Error) -> String {
        guard let problem = error as? AppError else { return "error" }
        switch problem.code {
        case "booking-not-ready": return "not_ready"
        case "provider-unavailable": return "unavailable"
        default: return problem.status.code < 500 ? "refused" : "error"
        }
    }

    private func charge(
        _ input: CheckoutInput, provider: any PaymentProvider, identity: Identity, key: String, address: String?,
        context: ServiceRequestContext
    ) async throws -> CheckoutResult {
        guard let booking = try await payments.heldBooking(input.bookingId, logger: context.logger) else {
            throw AppError(
                .conflict, code: "booking-not-ready", "This booking is not known to payments yet; retry shortly",
                headers: [.retryAfter: "1"])
        }
        guard booking.userID == identity.userID else { throw AppError.notFound("Booking") }
        guard booking.status == "held", booking.expiresAt > .now else {
            throw AppError.conflict("hold-expired", "The seats are no longer held; choose them again")
        }
        if let billing = input.billing, !(1...200).contains(billing.name.count) || (billing.address?.count ?? 0) > 500 {
            throw AppError.invalid("billing", "name: 1 to 200 characters, address: at most 500")
        }
        let sealedBilling = try input.billing.map {
            try cipher.seal(String(decoding: try JSONBody.encoder.encode($0), as: UTF8.self), field: Billing.field)
        }
        let authenticate = try await screen(input, booking: booking, identity: identity, address: address, context)
        let paymentID = UUID()
        var promo: PromoStore.Reservation?
        if let code = input.promoCode {
            promo = try await promos.reserve(
                code: code, user: identity.userID, booking: input.bookingId, amount: booking.amount,
                currency: booking.currency, logger: context.logger)
        }
        let charged = booking.amount - (promo?.discount ?? 0)
        let presentment = try await present(charged, booking.currency, in: input.displayCurrency, context)
        var payment = Payment(
            id: paymentID, bookingId: input.bookingId, userId: identity.userID, provider: provider.name,
            status: "failed", amount: charged, currency: booking.currency, failureReason: nil, createdAt: .now,
            discount: promo?.discount ?? 0, promoCode: promo?.code)
        var nextAction: NextAction?
        do {
            // Fully discounted: nothing to charge.
            let outcome: ProviderOutcome =
                charged == 0
                ? .succeeded(reference: "promo_\(paymentID.uuidString.lowercased())")
                : try await provider.charge(
                    paymentMethod: input.paymentMethod, amount: charged, currency: booking.currency,
                    idempotencyKey: IdempotencyStore.providerKey(user: identity.userID, key: key),
                    metadata: ["payment_id": paymentID.uuidString, "booking_id": input.bookingId.uuidString],
                    authenticate: authenticate)
            let reference: String
            switch outcome {
            case .succeeded(let ref):
                (payment.status, reference) = ("succeeded", ref)
            case .requiresAction(let ref, let url):
                (payment.status, reference, nextAction) = ("requires_action", ref, NextAction(url: url))
            case .failed(let ref, let reason):
                (payment.failureReason, reference) = (reason, ref)
            }
            try await payments.record(
                payment, reference: reference, promo: promo?.id, address: address,
                fingerprint: FraudStore.fingerprint(input.paymentMethod), presentment: presentment,
                billing: sealedBilling,
                logger: context.logger)
        } catch {
            if let promo { try? await promos.release(promo, logger: context.logger) }
            guard let unavailable = error as? ProviderUnavailable else { throw error }
            context.logger.warning(
                "provider unavailable", metadata: ["provider": "\(provider.name)", "error": "\(unavailable)"])
            throw AppError(
                .serviceUnavailable, code: "provider-unavailable",
                "The payment provider did not answer; retry with the same Idempotency-Key", headers: [.retryAfter: "2"])
        }
        context.logger.info("checkout", metadata: ["paymentId": "\(payment.id)", "status": "\(payment.status)"])
        return CheckoutResult(
            paymentId: payment.id, bookingId: payment.bookingId, status: payment.status, amount: payment.amount,
            currency: payment.currency, failureReason: payment.failureReason, nextAction: nextAction,
            discount: payment.discount, promoCode: payment.promoCode, presentment: presentment)
    }

    /// The amount in the customer's currency when a rate is known, else in the settlement one.
    private func present(_ amount: Int, _ currency: String, in wanted: String?, _ context: ServiceRequestContext)
        async throws -> Presentment
    {
        guard let wanted else { return Presentment(currency: currency, amount: amount, settlementCurrency: currency) }
        let code = try RatesController.currency(wanted, "displayCurrency")
        guard let rate = try await rates.rate(from: currency, to: code, logger: context.logger) else {
            return Presentment(currency: currency, amount: amount, settlementCurrency: currency)
        }
        return Presentment(
            currency: code, amount: ExchangeRates.convert(amount, from: currency, to: code, rateMicros: rate),
            settlementCurrency: currency)
    }

    /// The fraud rules: true when the charge must go through 3-D Secure; throws when blocked.
    private func screen(
        _ input: CheckoutInput, booking: HeldBooking, identity: Identity, address: String?,
        _ context: ServiceRequestContext
    ) async throws -> Bool {
        switch try await fraud.assess(
            user: identity.userID, address: address, method: input.paymentMethod, amount: booking.amount,
            logger: context.logger)
        {
        case .allow:
            return false
        case .authenticate(let rule):
            try await fraud.signal(
                rule: rule, action: "authentication-required", user: identity.userID, booking: input.bookingId,
                address: address, detail: "amount \(booking.amount) \(booking.currency)", logger: context.logger)
            return true
        case .block(let rule, let detail):
            try await fraud.signal(
                rule: rule, action: "blocked", user: identity.userID, booking: input.bookingId, address: address,
                detail: detail, logger: context.logger)
            throw AppError(
                .forbidden, code: "payment-blocked",
                "This payment was blocked for your protection; try again later or contact the cinema")
        }
    }

    func show(_ request: Request, context: ServiceRequestContext) async throws -> Payment {
        let identity = try context.requireIdentity()
        let id = try context.parameters.require("id", as: UUID.self)
        guard let payment = try await payments.find(id, logger: context.logger),
            payment.userId == identity.userID || identity.has("payments:refund")
        else { throw AppError.notFound("Payment") }
        return payment
    }

    /// After the provider's step (3-D Secure, PayPal approval) the client comes back here; the
    /// provider tells whether it passed.
    func confirm(_ request: Request, context: ServiceRequestContext) async throws -> Payment {
        let identity = try context.requireIdentity()
        let id = try context.parameters.require("id", as: UUID.self)
        guard let (payment, reference) = try await payments.withReference(id, logger: context.logger),
            payment.userId == identity.userID
        else { throw AppError.notFound("Payment") }
        guard payment.status == "requires_action", let provider = providers[payment.provider] else {
            throw AppError.conflict("not-awaiting-action", "This payment is not waiting for authentication")
        }
        let outcome: ProviderOutcome
        do { outcome = try await provider.status(of: reference) } catch is ProviderUnavailable {
            throw AppError(
                .serviceUnavailable, code: "provider-unavailable", "The payment provider did not answer; retry",
                headers: [.retryAfter: "2"])
        }
        switch outcome {
        case .succeeded:
            return try await payments.complete(id, user: identity.userID, logger: context.logger)
        case .failed(_, let reason):
            return try await payments.fail(id, reason: reason, logger: context.logger)
        case .requiresAction:
            throw Self.stillPending(provider: payment.provider)
        }
    }

    /// The customer's next step is not done yet; each provider's step in its own words.
    static func stillPending(provider: String) -> AppError {
        switch provider {
        case "paypal":
            AppError.conflict(
                "approval-pending", "The order has not been approved on PayPal yet: approve it there, then confirm")
        default:
            AppError.conflict("authentication-pending", "The customer has not completed 3-D Secure yet")
        }
    }
}
