import Foundation
import HTTPTypes
import Hummingbird
import TraceContext

extension HTTPField.Name {
    public static let requestID = Self("X-Request-Id")!
    public static let idempotencyKey = Self("Idempotency-Key")!
}

/// Keeps the caller's `X-Request-Id` (or makes one), puts it on the logger of the request and
/// echoes it on the response, so that one id follows a request through the gateway and services.
public struct RequestIDMiddleware<Context: RequestContext>: RouterMiddleware {
    public init() {}

    public func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        var context = context
        let id = Self.id(for: request.headers[.requestID])
        context.logger[metadataKey: "requestId"] = .string(id)
        var response = try await next(request, context)
        response.headers[.requestID] = id
        return response
    }

    /// The caller's id when it is acceptable, a new one otherwise.
    public static func id(for header: String?) -> String { acceptable(header) ?? newID() }

    /// A random (version 4) UUID from `RandomPool`: Foundation's `UUID()` opens and reads
    /// /dev/urandom for each one, two extra system calls on every request.
    static func newID() -> String {
        var bytes = withUnsafeBytes(of: (RandomPool.next(), RandomPool.next())) { Array($0) }
        bytes[6] = bytes[6] & 0x0F | 0x40  // version 4
        bytes[8] = bytes[8] & 0x3F | 0x80  // RFC 4122 variant
        let uuid = bytes.withUnsafeBytes { $0.load(as: uuid_t.self) }
        return UUID(uuid: uuid).uuidString.lowercased()
    }

    /// Accepts only short, printable ids: a request id is copied into logs and headers.
    static func acceptable(_ value: String?) -> String? {
        guard let value, (1...128).contains(value.count),
            value.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "-_.:".contains($0)) })
        else { return nil }
        return value
    }
}
