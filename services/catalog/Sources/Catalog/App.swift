import Configuration
import Hummingbird
import ServiceKit

/// catalog: films and their metadata, and what each user watched.
@main
struct CatalogApp {
    static func main() async throws {
        let reader = ConfigReader(provider: EnvironmentVariablesProvider())
        try await ErrorReporter.reportingFailure(of: "catalog", reader: reader) {
            try await CatalogService.blueprint(reader: reader).buildApplication(reader: reader).runService()
        }
    }
}
