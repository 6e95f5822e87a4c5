import Hummingbird
import ServiceKit

/// `GET /providers` (public): the payment providers this installation is configured for, so that
/// a client offers only those (`simulated` always; `stripe` and `paypal` when their keys are set).
struct ProvidersController: Sendable {
    let providers: PaymentProviders

    struct Provider: Codable, Sendable {
        var name: String
    }

    func addRoutes(to router: Router<ServiceRequestContext>) {
        router.get("/providers", use: list)
    }

    func list(_ request: Request, context: ServiceRequestContext) async throws -> Page<Provider> {
        Page(items: providers.all.keys.sorted().map { Provider(name: $0) }, nextCursor: nil)
    }
}
