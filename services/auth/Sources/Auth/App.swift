import Configuration
import Hummingbird

/// auth: users, credentials, roles and the keys that sign access tokens.
@main
struct AuthApp {
    static func main() async throws {
        let reader = ConfigReader(provider: EnvironmentVariablesProvider())
        let app = try AuthService.blueprint(reader: reader).buildApplication(reader: reader)
        try await app.runService()
    }
}
