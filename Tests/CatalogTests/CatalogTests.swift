import Foundation
import ServiceKit
import TestSupport
import Testing

@testable import Catalog

@Suite("catalog")
struct CatalogTests {
    @Test("the OpenAPI document lists exactly the routes catalog serves")
    func openAPIMatchesRoutes() throws {
        let (documented, served) = try RouteContract.compare(CatalogService.blueprint)
        #expect(documented == served)
        #expect(served.contains("GET /films/{id}"))
    }

    @Test("film validation: title, runtime and release date")
    func validation() {
        #expect(throws: AppError.self) { try FilmController.validate(title: " ", runtime: 100, releaseDate: nil) }
        #expect(throws: AppError.self) { try FilmController.validate(title: "Ok", runtime: 0, releaseDate: nil) }
        #expect(throws: AppError.self) {
            try FilmController.validate(title: "Ok", runtime: 90, releaseDate: "2024-13-45")
        }
        #expect(throws: Never.self) { try FilmController.validate(title: "Ok", runtime: 90, releaseDate: "2024-05-01") }
    }

    @Test("every event it publishes or consumes is in the AsyncAPI catalogue")
    func eventCatalogue() throws {
        let documented = try EventCatalogue.documentedTypes()
        let published: Set<String> = Set([FilmPublished.type, FilmUpdated.type])
        let consumed = EventCatalogue.consumedTypes(CatalogService.blueprint)
        #expect(published.subtracting(documented).isEmpty, "undocumented: \(published.subtracting(documented))")
        #expect(consumed.subtracting(documented).isEmpty, "undocumented: \(consumed.subtracting(documented))")
    }
}
