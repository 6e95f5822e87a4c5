import Messaging
import ServiceRuntime

/// Wiring of the catalog service.
enum CatalogService {
    static let blueprint = ServiceBlueprint(
        name: "catalog", migrations: CatalogMigrations.all, openAPI: CatalogOpenAPI.document,
        handlers: { dependencies in
            var handlers = EventHandlers()
            handlers.on(BookingConfirmed.self) { event, _, connection, logger in
                try await ViewingHistory.record(event, on: connection, logger: logger)
            }
            return handlers
        },
        routes: { router, dependencies in
            let films = FilmRepository(client: dependencies.database, logger: dependencies.logger)
            FilmController(films: films).addRoutes(to: router)
            HistoryController(client: dependencies.database).addRoutes(to: router)
        })
}
