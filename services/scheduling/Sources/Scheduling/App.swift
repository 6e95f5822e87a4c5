import Configuration
import Hummingbird
import ServiceKit

/// scheduling: cinemas, seat maps, screenings, seat holds, bookings and tickets.
@main
struct SchedulingApp {
    static func main() async throws {
        let reader = ConfigReader(provider: EnvironmentVariablesProvider())
        let config = SchedulingConfig(reader: reader)
        try await ErrorReporter.reportingFailure(of: "scheduling", reader: reader) {
            try await SchedulingService.blueprint(config: config).buildApplication(reader: reader).runService()
        }
    }
}
