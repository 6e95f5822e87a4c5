import Foundation
import HTTPTypes
import Hummingbird

extension HTTPField.Name {
    public static let requestID = Self("X-Request-Id")!
    public static let idempotencyKey = Self("Idempotency-Key")!
    public static let traceparent = Self("traceparent")!
}

/// Keeps the caller's `X-Request-Id` (or makes one), puts it on the logger of the request and
/// echoes it on the response, so that one id follows a request through the gateway and services.
public struct RequestIDMiddleware<Context: RequestContext>: RouterMiddleware {
    public init() {}

    public func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        var context = context
        let id = Self.acceptable(request.headers[.requestID]) ?? UUID().uuidString.lowercased()
        context.logger[metadataKey: "requestId"] = .string(id)
        var response = try await next(request, context)
        response.headers[.requestID] = id
        return response
    }

    /// Accepts only short, printable ids: a request id is copied into logs and headers.
    static func acceptable(_ value: String?) -> String? {
        guard let value, (1...128).contains(value.count),
            value.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "-_.:".contains($0)) })
        else { return nil }
        return value
    }
}
