import Hummingbird
import Logging

/// The public router every service starts from: request ids, trace context, problem+json errors, metrics per
/// route, refusal of text PostgreSQL cannot store, and `/openapi.json`. Health and `/metrics`
/// live on the internal listener (`InternalServer`), never on this one.
public enum ServiceRouter {
    /// `inspectsBodies`: false for the gateway, which streams bodies through untouched.
    public static func make(openAPI: OpenAPIDocument, inspectsBodies: Bool = true) -> Router<ServiceRequestContext> {
        let router = Router(context: ServiceRequestContext.self)
        router.add(middleware: RequestIDMiddleware())
        router.add(middleware: TraceMiddleware())
        router.add(middleware: MetricsMiddleware())
        router.add(middleware: ProblemMiddleware())
        router.add(middleware: LogRequestsMiddleware(.debug))
        if inspectsBodies {
            router.add(middleware: FormQueryMiddleware())
            router.add(middleware: TextInputGuardMiddleware())
        }
        openAPI.addRoute(to: router)
        return router
    }
}
