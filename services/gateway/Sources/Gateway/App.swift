import Configuration
import Hummingbird

/// gateway: the one public entry; verifies tokens and routes `/api/<service>/…` to services.
@main
struct GatewayApp {
    static func main() async throws {
        let reader = ConfigReader(provider: EnvironmentVariablesProvider())
        try await Gateway.buildApplication(reader: reader).runService()
    }
}
