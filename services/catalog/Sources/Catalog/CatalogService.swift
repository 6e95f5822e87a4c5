import Configuration
import Messaging
import ServiceKit
import ServiceRuntime

/// Wiring of the catalog service.
enum CatalogService {
    static func blueprint(reader: ConfigReader) throws -> ServiceBlueprint {
        let tmdbConfig = TMDBConfig(
            baseURL: reader.string(forKey: "tmdb.url", default: "https://api.themoviedb.org"),
            apiKey: reader.string(forKey: "tmdb.api.key", isSecret: true, default: ""),
            ratePerSecond: reader.double(forKey: "tmdb.rate.per.second", default: 40),
            imageURL: reader.string(forKey: "tmdb.image.url", default: "https://image.tmdb.org/t/p/"),
            syncIntervalMinutes: reader.int(forKey: "tmdb.sync.interval.minutes", default: 1440))
        // TMDB is enabled by its key; an enabled one needs a real key.
        if !tmdbConfig.apiKey.isEmpty { try ProviderSecrets.require("TMDB", [("tmdb.api.key", tmdbConfig.apiKey)]) }
        let images = ImageLinks(
            base: tmdbConfig.imageURL,
            uploads: reader.string(forKey: "catalog.images.url", default: "/api/catalog/images/"))
        let imagesPath = reader.string(forKey: "catalog.images.path", default: "images")
        let imagesMaxBytes = reader.int(forKey: "catalog.images.max.bytes", default: 20 << 20)
        let imagesConcurrency = reader.int(forKey: "catalog.images.concurrency", default: 2)
        return ServiceBlueprint(
            name: "catalog", migrations: CatalogMigrations.all + [RetentionRule.messagingMigration],
            openAPI: CatalogOpenAPI.document,
            handlers: { _ in
                var handlers = EventHandlers()
                handlers.on(BookingConfirmed.self) { event, _, connection, logger in
                    try await ViewingHistory.record(event, on: connection, logger: logger)
                }
                handlers.on(ScreeningScheduled.self) { event, _, connection, logger in
                    try await ScreeningReplica.record(event, on: connection, logger: logger)
                }
                handlers.on(ScreeningRescheduled.self) { event, _, connection, logger in
                    try await ScreeningReplica.record(event, on: connection, logger: logger)
                }
                handlers.on(ScreeningCancelled.self) { event, _, connection, logger in
                    try await ScreeningReplica.cancelled(event, on: connection, logger: logger)
                }
                handlers.on(AuditoriumChanged.self) { event, _, connection, logger in
                    try await ScreeningReplica.auditoriumChanged(event, on: connection, logger: logger)
                }
                return handlers
            },
            backgroundServices: { dependencies in
                [
                    TMDBSyncService(
                        importer: importer(tmdbConfig, dependencies),
                        interval: .seconds(tmdbConfig.syncIntervalMinutes * 60), logger: dependencies.logger),
                    // Only the messaging tables: viewing history and lists are the product, kept.
                    RetentionJob(dependencies, rules: []),
                ]
            },
            routes: { router, dependencies in
                let client = dependencies.database
                let films = FilmRepository(client: client, logger: dependencies.logger)
                let search = FilmSearch(client: client, logger: dependencies.logger)
                FilmController(films: films, search: search, images: images).addRoutes(to: router)
                CategoryController(client: client).addRoutes(to: router)
                TMDBController(importer: importer(tmdbConfig, dependencies), images: images).addRoutes(to: router)
                FavouritesController(client: client, images: images).addRoutes(to: router)
                ListsController(client: client, images: images).addRoutes(to: router)
                HistoryController(client: client).addRoutes(to: router)
                Recommendations(client: client, images: images).addRoutes(to: router)
                ImageController(
                    films: films, store: FileImageStore(directory: imagesPath),
                    processor: ImageProcessor(slots: ProcessingSlots(imagesConcurrency)),
                    maxBytes: imagesMaxBytes, images: images
                ).addRoutes(to: router)
            })
    }

    static func importer(_ config: TMDBConfig, _ dependencies: ServiceDependencies) -> TMDBImporter {
        TMDBImporter(
            tmdb: TMDBClient(config: config, logger: dependencies.logger),
            films: FilmRepository(client: dependencies.database, logger: dependencies.logger))
    }
}
