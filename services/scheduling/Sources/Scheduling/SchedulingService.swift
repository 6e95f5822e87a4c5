import Messaging
import ServiceRuntime

/// Wiring of the scheduling service.
enum SchedulingService {
    static func blueprint(config: SchedulingConfig) -> ServiceBlueprint {
        let hub = ChangeHub { key, local in
            SeatMapSnapshots.shared.changed(key)
            if !local { TakenSeats.shared.changedElsewhere(key) }
        }
        return ServiceBlueprint(
            name: "scheduling", migrations: SchedulingMigrations.all + [RetentionRule.messagingMigration],
            openAPI: SchedulingOpenAPI.document,
            handlers: { dependencies in
                let bookings = BookingRepository(client: dependencies.database, config: config)
                var handlers = EventHandlers()
                handlers.on(FilmPublished.self) { event, _, connection, logger in
                    try await FilmReplica.upsert(event.filmId, event.title, event.runtimeMinutes, connection, logger)
                }
                handlers.on(FilmUpdated.self) { event, _, connection, logger in
                    try await FilmReplica.upsert(event.filmId, event.title, event.runtimeMinutes, connection, logger)
                }
                handlers.on(PaymentSucceeded.self) { event, received, connection, logger in
                    try await bookings.paymentSucceeded(event, cause: received, on: connection, logger: logger)
                }
                handlers.on(RefundSucceeded.self) { event, received, connection, logger in
                    try await bookings.refundSucceeded(event, cause: received, on: connection, logger: logger)
                }
                return handlers
            },
            backgroundServices: { dependencies in
                [
                    HoldReaper(
                        client: dependencies.database, interval: .seconds(config.reaperIntervalSeconds),
                        logger: dependencies.logger),
                    ChangeListener(
                        channel: SeatChanges.channel, client: dependencies.database, hub: hub,
                        logger: dependencies.logger),
                    // Only the messaging tables: bookings and tickets are business records, kept.
                    RetentionJob(dependencies, rules: []),
                ]
            },
            routes: { router, dependencies in
                let client = dependencies.database
                CinemaController(cinemas: CinemaRepository(client: client)).addRoutes(to: router)
                let screenings = ScreeningRepository(client: client, config: config)
                ScreeningController(screenings: screenings).addRoutes(to: router)
                SeatStreamController(screenings: screenings, hub: hub).addRoutes(to: router)
                OccupancyController(occupancy: OccupancyRepository(client: client)).addRoutes(to: router)
                SalesLeadTime(client: client).addRoutes(to: router)
                TicketController(client: client, config: config).addRoutes(to: router)
                PriceCardController(client: client).addRoutes(to: router)
                BookingController(bookings: BookingRepository(client: client, config: config)).addRoutes(to: router)
            })
    }
}
