import HTTPTypes
import Hummingbird
import TraceContext

/// Continues the caller's W3C `traceparent` (or starts a trace) for the request: the trace is
/// the task's `TraceParent.current` (events written to the outbox carry it on) and its id is
/// `traceId` on the request's logger.
public struct TraceMiddleware<Context: RequestContext>: RouterMiddleware {
    public init() {}

    public func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        var context = context
        let trace = TraceParent.continuing(request.headers[.traceparent])
        context.logger[metadataKey: "traceId"] = .string(trace.traceID)
        return try await TraceParent.$current.withValue(trace) { try await next(request, context) }
    }
}
