import Foundation
import HTTPTypes
import Hummingbird

/// An RFC 9457 problem document, the body of every 4xx/5xx answer of the suite.
public struct Problem: Codable, Sendable, Equatable {
    public var type: String
    public var title: String
    public var status: Int
    public var detail: String?
    public var instance: String?
    public var code: String?
    public var errors: [FieldError]?

    public struct FieldError: Codable, Sendable, Equatable {
        public var field: String
        public var message: String
        public init(field: String, message: String) {
            self.field = field
            self.message = message
        }
    }

    public init(
        status: HTTPResponse.Status, code: String? = nil, detail: String? = nil, errors: [FieldError]? = nil
    ) {
        self.type = code.map { "https://homestudio.dev/problems/\($0)" } ?? "about:blank"
        self.title = status.reasonPhrase
        self.status = status.code
        self.detail = detail
        self.code = code
        self.errors = errors
    }

    public static let mediaType = "application/problem+json"

    /// The problem's `code` repeated as a header, so that a proxy can tell a service's deliberate
    /// answer (`tmdb-not-configured`) from a failure without reading the body.
    public static let codeHeader = "X-Problem-Code"

    /// Renders the problem as a response, with extra headers such as `Retry-After`.
    public func response(headers extra: HTTPFields = [:]) -> Response {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let body = (try? encoder.encode(self)) ?? Data(#"{"title":"Internal Server Error","status":500}"#.utf8)
        var headers = extra
        headers[.contentType] = Self.mediaType
        if let code, let name = HTTPField.Name(Self.codeHeader) { headers[name] = code }
        return Response(
            status: .init(code: status),
            headers: headers,
            body: .init(byteBuffer: ByteBuffer(bytes: body))
        )
    }
}

/// A domain error with a stable machine-readable code; rendered as problem+json.
public struct AppError: Error, HTTPResponseError, CustomStringConvertible {
    public var status: HTTPResponse.Status
    public var code: String
    public var detail: String
    public var errors: [Problem.FieldError]?
    public var headers: HTTPFields

    public init(
        _ status: HTTPResponse.Status, code: String, _ detail: String,
        errors: [Problem.FieldError]? = nil, headers: HTTPFields = [:]
    ) {
        self.status = status
        self.code = code
        self.detail = detail
        self.errors = errors
        self.headers = headers
    }

    public var description: String { "\(status.code) \(code): \(detail)" }

    public func response(from request: Request, context: some RequestContext) throws -> Response {
        Problem(status: status, code: code, detail: detail, errors: errors).response(headers: headers)
    }

    public static func notFound(_ what: String) -> AppError { .init(.notFound, code: "not-found", "\(what) not found") }
    public static func conflict(_ code: String, _ detail: String) -> AppError { .init(.conflict, code: code, detail) }
    public static func forbidden(_ detail: String = "You are not allowed to do this") -> AppError {
        .init(.forbidden, code: "forbidden", detail)
    }
    public static func unauthorized(_ detail: String = "A valid access token is required") -> AppError {
        .init(.unauthorized, code: "unauthorized", detail, headers: [.wwwAuthenticate: "Bearer"])
    }
    public static func invalid(_ errors: [Problem.FieldError]) -> AppError {
        .init(.unprocessableContent, code: "validation-failed", "The request is invalid", errors: errors)
    }
    public static func invalid(_ field: String, _ message: String) -> AppError {
        invalid([.init(field: field, message: message)])
    }
}
