import Hummingbird
import Logging
import ServiceKit

/// One `info` line per request at the edge: method, path (never the query string, which may
/// hold secrets), status, duration, upstream, and — from the logger — request id and trace id.
/// Headers are never logged (tokens, cookies).
struct AccessLogMiddleware: RouterMiddleware {
    typealias Context = ServiceRequestContext

    func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        let started = ContinuousClock.now
        do {
            let response = try await next(request, context)
            log(request, context, status: response.status.code, since: started)
            return response
        } catch {
            log(request, context, status: (error as? any HTTPResponseError)?.status.code ?? 500, since: started)
            throw error
        }
    }

    func log(_ request: Request, _ context: Context, status: Int, since started: ContinuousClock.Instant) {
        let elapsed = ContinuousClock.now - started
        let milliseconds = Double(elapsed.components.attoseconds) / 1e15 + Double(elapsed.components.seconds) * 1000
        context.logger.info(
            "access",
            metadata: [
                "method": "\(request.method.rawValue)", "path": "\(request.uri.path)", "status": "\(status)",
                "durationMs": "\((milliseconds * 100).rounded() / 100)",
                "upstream": "\(context.parameters.get("service") ?? "-")",
            ])
    }
}
