import Configuration
import Hummingbird
import ServiceKit

/// notifications: turns events into messages people read (e-mail for now).
@main
struct NotificationsApp {
    static func main() async throws {
        let reader = ConfigReader(provider: EnvironmentVariablesProvider())
        try await ErrorReporter.reportingFailure(of: "notifications", reader: reader) {
            try await NotificationsService.blueprint(reader: reader).buildApplication(reader: reader).runService()
        }
    }
}
