import Hummingbird
import Logging

/// The router every service starts from: request ids, problem+json errors, metrics,
/// health, `/metrics` and `/openapi.json`. Services add their controllers to it.
public enum ServiceRouter {
    public static func make(
        openAPI: OpenAPIDocument, readiness: [ReadinessCheck]
    ) -> Router<ServiceRequestContext> {
        let router = Router(context: ServiceRequestContext.self)
        router.add(middleware: RequestIDMiddleware())
        router.add(middleware: MetricsMiddleware())
        router.add(middleware: ProblemMiddleware())
        router.add(middleware: LogRequestsMiddleware(.debug))
        HealthController(checks: readiness).addRoutes(to: router)
        MetricsSetup.addRoute(to: router)
        openAPI.addRoute(to: router)
        return router
    }
}
