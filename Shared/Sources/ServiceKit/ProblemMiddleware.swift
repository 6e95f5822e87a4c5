import Foundation
import HTTPTypes
import Hummingbird
import Logging
import PostgresNIO

/// Turns every error that escapes a handler into problem+json (RFC 9457).
/// Domain errors keep their code; request-shape errors keep their status; anything else is a 500
/// whose details go to the log only, never to the client.
public struct ProblemMiddleware<Context: RequestContext>: RouterMiddleware {
    public init() {}

    public func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        do {
            let response = try await next(request, context)
            // The router's own answer when no route matches has no body: give it one like ours. The
            // headers stay (a proxied upstream's bare 404 keeps its request id, trace and caching
            // headers); only the body and its framing are new.
            if response.status == .notFound, response.headers[.contentType] == nil {
                var headers = response.headers
                headers[.contentLength] = nil
                headers[.transferEncoding] = nil
                headers[.contentEncoding] = nil
                return Problem(status: .notFound, code: "not-found", detail: "No resource at \(request.uri.path)")
                    .response(headers: headers)
            }
            return response
        } catch let error as AppError {
            return Problem(status: error.status, code: error.code, detail: error.detail, errors: error.errors)
                .response(headers: error.headers)
        } catch let error as HTTPError {
            let detail = error.body ?? Self.defaultDetail(error.status)
            return Problem(status: error.status, code: Self.code(error.status), detail: detail)
                .response(headers: error.headers)
        } catch let error as PSQLError where Self.isInvalidInput(error) {
            // SQLSTATE class 22 (data exception: a value the column or function cannot take),
            // 54000 (a value too large to index) and constraint violations a repository did not
            // map: the client's input, never a server fault.
            context.logger.notice(
                "database refused a value", metadata: ["sqlState": "\(error.serverInfo?[.sqlState] ?? "")"])
            let state = error.serverInfo?[.sqlState] ?? ""
            if Self.constraintStatus(state) == .conflict {
                return Problem(status: .conflict, code: "conflict", detail: "This conflicts with existing data")
                    .response()
            }
            return Problem(
                status: .unprocessableContent, code: "invalid-value",
                detail: "A value in the request is malformed or out of range"
            ).response()
        } catch let error as any HTTPResponseError where error.status.code < 500 {
            return Problem(status: error.status, code: Self.code(error.status)).response()
        } catch {
            context.logger.error("unhandled error", metadata: ["error": "\(String(reflecting: error))"])
            ErrorReporter.shared.report(
                error, method: request.method.rawValue, path: context.endpointPath ?? request.uri.path,
                requestID: context.logger[metadataKey: "requestId"].map { "\($0)" })
            return Problem(status: .internalServerError, code: "internal", detail: "An unexpected error occurred")
                .response()
        }
    }

    static func isInvalidInput(_ error: PSQLError) -> Bool {
        guard let state = error.serverInfo?[.sqlState] else { return false }
        return state.hasPrefix("22") || state == "54000" || constraintStatus(state) != nil
    }

    /// The last guard of a constraint a repository did not map itself: a check, not-null or
    /// foreign-key violation is the request's value (422), a unique or exclusion one a conflict.
    static func constraintStatus(_ state: String) -> HTTPResponse.Status? {
        switch state {
        case "23514", "23502", "23503": .unprocessableContent
        case "23505", "23P01": .conflict
        default: nil
        }
    }

    static func code(_ status: HTTPResponse.Status) -> String {
        switch status.code {
        case 400: "bad-request"
        case 401: "unauthorized"
        case 403: "forbidden"
        case 404: "not-found"
        case 405: "method-not-allowed"
        case 409: "conflict"
        case 413: "payload-too-large"
        case 422: "validation-failed"
        case 429: "too-many-requests"
        default: status.code >= 500 ? "unavailable" : "client-error"
        }
    }

    static func defaultDetail(_ status: HTTPResponse.Status) -> String {
        status == .notFound ? "No resource at this address" : status.reasonPhrase
    }
}
