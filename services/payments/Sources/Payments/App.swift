import Configuration
import Hummingbird
import ServiceKit

/// payments: checkouts, provider payments, idempotency keys and refunds.
@main
struct PaymentsApp {
    static func main() async throws {
        let reader = ConfigReader(provider: EnvironmentVariablesProvider())
        try await ErrorReporter.reportingFailure(of: "payments", reader: reader) {
            try await PaymentsService.blueprint(reader: reader).buildApplication(reader: reader).runService()
        }
    }
}
