import Messaging
import ServiceRuntime

/// Wiring of the payments service.
enum PaymentsService {
    static let blueprint = ServiceBlueprint(
        name: "payments", migrations: PaymentsMigrations.all, openAPI: PaymentsOpenAPI.document,
        handlers: { dependencies in
            let refunds = RefundService(provider: SimulatedProvider())
            var handlers = EventHandlers()
            handlers.on(BookingHeld.self) { event, _, connection, logger in
                try await BookingReplica.held(event, on: connection, logger: logger)
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
        routes: { router, dependencies in
            let payments = PaymentRepository(client: dependencies.database)
            let idempotency = IdempotencyStore(client: dependencies.database)
            CheckoutController(payments: payments, idempotency: idempotency, provider: SimulatedProvider())
                .addRoutes(to: router)
        })
}
