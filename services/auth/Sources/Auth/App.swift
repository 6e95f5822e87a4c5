import Configuration
import Hummingbird
import ServiceKit

/// auth: users, credentials, roles and the keys that sign access tokens.
@main
struct AuthApp {
    static func main() async throws {
        let reader = ConfigReader(provider: EnvironmentVariablesProvider())
        try await ErrorReporter.reportingFailure(of: "auth", reader: reader) {
            try await AuthService.blueprint(reader: reader).buildApplication(reader: reader).runService()
        }
    }
}
