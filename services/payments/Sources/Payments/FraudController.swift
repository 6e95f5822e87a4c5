import Hummingbird
import ServiceKit

/// `GET /fraud-signals`: what the fraud rules flagged, newest first (reports:read).
struct FraudController: Sendable {
    let fraud: FraudStore

    func addRoutes(to router: Router<ServiceRequestContext>) {
        router.get("/fraud-signals", use: list)
    }

    func list(_ request: Request, context: ServiceRequestContext) async throws -> Page<FraudStore.Signal> {
        _ = try context.require("reports:read")
        return Page(items: try await fraud.signals(logger: context.logger), nextCursor: nil)
    }
}
