import HTTPTypes
import Hummingbird

/// Query strings are `application/x-www-form-urlencoded` as browsers send them: `+` is a space
/// (a literal plus arrives as `%2B`). Hummingbird decodes only `%XX`, so this rewrites each `+` of
/// the query to `%20` before any handler reads `request.uri.queryParameters`.
public struct FormQueryMiddleware<Context: RequestContext>: RouterMiddleware {
    public init() {}

    public func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        guard let rewritten = Self.rewrite(request.head.path) else { return try await next(request, context) }
        var head = request.head
        head.path = rewritten
        return try await next(Request(head: head, body: request.body), context)
    }

    /// The target with `+` in its query made `%20`; nil when there is nothing to change.
    static func rewrite(_ target: String?) -> String? {
        guard let target, let mark = target.firstIndex(of: "?") else { return nil }
        let query = target[target.index(after: mark)...]
        guard query.contains("+") else { return nil }
        return target[...mark] + query.replacingOccurrences(of: "+", with: "%20")
    }
}
