import HTTPTypes
import Hummingbird
import TraceContext

/// Continues the caller's W3C `traceparent` (or starts a trace) for the request: the trace is
/// the task's `TraceParent.current` (events written to the outbox carry it on) and its id is
/// `traceId` on the request's logger. With tracing on (`SpanExporter`), the request is a SERVER
/// span named after its route ("GET /screenings/{id}"), child of the caller's span.
public struct TraceMiddleware<Context: RequestContext>: RouterMiddleware {
    public init() {}

    public func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        var context = context
        let trace = TraceParent.continuing(request.headers[.traceparent])
        context.logger[metadataKey: "traceId"] = .string(trace.traceID)
        let timer = SpanTimer(trace, kind: .server)
        guard timer.isRecording else {
            return try await TraceParent.$current.withValue(trace) { try await next(request, context) }
        }
        let endpoint = context.coreContext.endpointPath
        func finish(_ status: Int) {
            let route = endpoint.value ?? "unmatched"
            timer.end(name: "\(request.method.rawValue) \(route)", error: status >= 500 ? "HTTP \(status)" : nil) {
                [
                    "http.request.method": .string(request.method.rawValue), "http.route": .string(route),
                    "url.path": .string(request.uri.path), "http.response.status_code": .int(status),
                ]
            }
        }
        do {
            let response = try await TraceParent.$current.withValue(trace) { try await next(request, context) }
            finish(response.status.code)
            return response
        } catch {
            finish((error as? any HTTPResponseError)?.status.code ?? 500)
            throw error
        }
    }
}
