import Foundation
import HTTPTypes
import Hummingbird

/// Refuses text that PostgreSQL cannot store before it reaches a handler: a NUL character
/// (U+0000) in a query parameter, the path, a header value or a JSON body answers 422 naming
/// the field, in one place for every service (PostgreSQL would answer SQLSTATE 22021).
public struct TextInputGuardMiddleware<Context: RequestContext>: RouterMiddleware {
    public init() {}

    public func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        var request = request
        var fields = TextInputGuard.headerAndURLFields(request)
        if fields.isEmpty, TextInputGuard.isJSON(request.headers[.contentType]) {
            let body = try await request.collectBody(upTo: context.maxUploadSize)
            fields = TextInputGuard.bodyFields(body.readableBytesView)
        }
        guard fields.isEmpty else {
            throw AppError.invalid(fields.map { .init(field: $0, message: TextInputGuard.message) })
        }
        return try await next(request, context)
    }
}

/// The checks of `TextInputGuardMiddleware`.
enum TextInputGuard {
    static let message = "must not contain the NUL character (U+0000)"

    /// Query parameters (by name), the decoded path and header values holding a NUL.
    static func headerAndURLFields(_ request: Request) -> [String] {
        var fields: [String] = []
        if request.uri.path.removingPercentEncoding?.contains("\0") ?? false { fields.append("path") }
        for (key, value) in request.uri.queryParameters where key.contains("\0") || value.contains("\0") {
            let name = String(key).replacingOccurrences(of: "\0", with: "\\u0000")
            if !fields.contains(name) { fields.append(name) }
        }
        for field in request.headers where field.value.contains("\0") { fields.append(field.name.canonicalName) }
        return fields
    }

    static func isJSON(_ contentType: String?) -> Bool {
        guard let contentType = contentType?.lowercased() else { return false }
        return contentType.hasPrefix("application/json") || contentType.contains("+json")
    }

    /// The JSON paths (`seats[0].name`) of strings and keys holding a NUL. Only parsed when the
    /// bytes hold an escaped or raw NUL, so ordinary bodies cost one scan.
    static func bodyFields(_ bytes: some Collection<UInt8>) -> [String] {
        let data = Data(bytes)
        guard data.contains(0) || data.range(of: Data(#"\u0000"#.utf8)) != nil else { return [] }
        guard let object = try? JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed]) else {
            return data.contains(0) ? ["body"] : []
        }
        var found: [String] = []
        collect(object, path: "", into: &found)
        return found.isEmpty ? [] : found
    }

    private static func collect(_ value: Any, path: String, into found: inout [String]) {
        switch value {
        case let string as String where string.contains("\0"):
            found.append(path.isEmpty ? "body" : path)
        case let object as [String: Any]:
            for (key, child) in object.sorted(by: { $0.key < $1.key }) {
                let name = key.replacingOccurrences(of: "\0", with: "\\u0000")
                let childPath = path.isEmpty ? name : "\(path).\(name)"
                if key.contains("\0") { found.append(childPath) } else { collect(child, path: childPath, into: &found) }
            }
        case let array as [Any]:
            for (index, child) in array.enumerated() { collect(child, path: "\(path)[\(index)]", into: &found) }
        default:
            break
        }
    }
}
