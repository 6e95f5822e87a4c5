import Configuration
import Hummingbird

/// notifications: turns events into messages people read (e-mail for now).
@main
struct NotificationsApp {
    static func main() async throws {
        let reader = ConfigReader(provider: EnvironmentVariablesProvider())
        let blueprint = try NotificationsService.blueprint(reader: reader)
        try await blueprint.buildApplication(reader: reader).runService()
    }
}
