import AsyncHTTPClient
import Configuration
import Messaging
import ServiceKit
import ServiceRuntime

/// Wiring of the payments service.
enum PaymentsService {
    static func blueprint(reader: ConfigReader) throws -> ServiceBlueprint {
        let cipher = try PersonalDataCipher(reader: reader)
        let stripe = try StripeConfig(reader: reader)
        let latency = Duration.milliseconds(reader.int(forKey: "simulated.latency.ms", default: 0))
        var available: [any PaymentProvider] = [SimulatedProvider(latency: latency)]
        if let stripe { available.append(StripeProvider(config: stripe, client: .outbound)) }
        let paypal = try PayPalConfig(reader: reader).map { PayPalProvider(config: $0, client: .outbound) }
        if let paypal { available.append(paypal) }
        // Each replica's share of every provider's concurrency (a provider limits it per account).
        let limit = reader.int(forKey: "payments.provider.concurrency", default: 32)
        let wait = Duration.milliseconds(reader.int(forKey: "payments.provider.wait.ms", default: 10_000))
        let providers = PaymentProviders(
            available.map {
                LimitedProvider(inner: $0, gate: ConcurrencyLimit(limit: limit, maxWait: wait, provider: $0.name))
            })
        let invoices = InvoiceIssuer(config: InvoiceConfig(reader: reader), cipher: cipher)
        let refunds = RefundService(
            providers: providers,
            cancellationFeePercent: reader.int(forKey: "payments.cancellation.fee.percent", default: 10),
            invoices: invoices)
        return blueprint(
            providers: providers, refunds: refunds, invoices: invoices, fraudRules: FraudRules(reader: reader),
            stripeWebhookSecret: stripe?.webhookSecret, paypal: paypal)
    }

    /// Keys: `payments.cancellation.fee.percent` (10): kept when a customer cancels a paid booking;
    /// `simulated.latency.ms` (0): how long the simulated provider takes per call;
    /// `payments.provider.concurrency` (32): calls in flight to each provider from one replica, the
    /// others wait in order; `payments.provider.wait.ms` (10000): longest wait, then 503;
    /// `payments.data.keys`, `payments.data.key.current` (see `PersonalDataCipher`);
    /// `stripe.*` (see `StripeConfig`).
    static func blueprint(
        providers: PaymentProviders, refunds: RefundService, invoices: InvoiceIssuer, fraudRules: FraudRules,
        stripeWebhookSecret: String?, paypal: PayPalProvider?
    ) -> ServiceBlueprint {
        ServiceBlueprint(
            name: "payments", migrations: PaymentsMigrations.all + [RetentionRule.messagingMigration],
            openAPI: PaymentsOpenAPI.document,
            handlers: { dependencies in
                var handlers = EventHandlers()
                handlers.on(BookingHeld.self) { event, _, connection, logger in
                    try await BookingReplica.held(event, cipher: invoices.cipher, on: connection, logger: logger)
                }
                handlers.on(BookingExpired.self) { event, _, connection, logger in
                    try await BookingReplica.expired(event.bookingId, on: connection, logger: logger)
                }
                handlers.on(BookingHoldExtended.self) { event, _, connection, logger in
                    try await BookingReplica.extended(event, on: connection, logger: logger)
                }
                handlers.on(BookingCancelled.self) { event, received, connection, logger in
                    try await BookingReplica.expired(event.bookingId, on: connection, logger: logger)
                    try await refunds.bookingCancelled(event, cause: received, on: connection, logger: logger)
                }
                return handlers
            },
            backgroundServices: { dependencies in [RetentionJob(dependencies, rules: PaymentsRetention.rules)] },
            afterMigrations: { dependencies in
                try await BookingReplica.sealLegacy(
                    dependencies.database, cipher: invoices.cipher, logger: dependencies.logger)
            },
            routes: { router, dependencies in
                let payments = PaymentRepository(client: dependencies.database, invoices: invoices)
                let idempotency = IdempotencyStore(client: dependencies.database)
                let promos = PromoStore(client: dependencies.database)
                let fraud = FraudStore(client: dependencies.database, rules: fraudRules)
                let rates = ExchangeRates(client: dependencies.database)
                CheckoutController(
                    payments: payments, idempotency: idempotency, providers: providers, promos: promos, fraud: fraud,
                    rates: rates, cipher: invoices.cipher
                ).addRoutes(to: router)
                RatesController(rates: rates).addRoutes(to: router)
                FraudController(fraud: fraud).addRoutes(to: router)
                PaymentTimelineController(client: dependencies.database).addRoutes(to: router)
                HistoryController(client: dependencies.database).addRoutes(to: router)
                ReportController(client: dependencies.database).addRoutes(to: router)
                PromoController(promos: promos, payments: payments).addRoutes(to: router)
                ProvidersController(providers: providers).addRoutes(to: router)
                RefundController(client: dependencies.database, refunds: refunds, idempotency: idempotency)
                    .addRoutes(to: router)
                InvoiceController(client: dependencies.database, invoices: invoices).addRoutes(to: router)
                CancellationQuoteController(client: dependencies.database, feePercent: refunds.cancellationFeePercent)
                    .addRoutes(to: router)
                WebhookController(
                    events: ProviderEventStore(client: dependencies.database, payments: payments),
                    stripeSecret: stripeWebhookSecret, paypal: paypal
                ).addRoutes(to: router)
            })
    }
}
