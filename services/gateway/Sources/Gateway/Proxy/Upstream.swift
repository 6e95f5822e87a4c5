import AsyncHTTPClient
import Foundation
import HTTPTypes
import Logging
import NIOCore
import NIOHTTP1
import ServiceKit

/// Sends calls to one upstream service through the shared keep-alive pool, behind the
/// service's circuit breaker, retrying idempotent calls whose connection failed.
struct Upstream: Sendable {
    let name: String
    /// Base URL, without a trailing slash (`upstream.<name>.url`).
    let base: String
    let client: HTTPClient
    let breaker: CircuitBreaker
    let retries: Int
    /// `gateway_upstream_duration_seconds`, kept for both paths to this upstream.
    let durations: UpstreamDurations

    /// Methods that may be sent again (RFC 9110 §9.2.2); POST and PATCH never are.
    static let idempotent: Set<HTTPRequest.Method> = [.get, .head, .put, .delete, .options]

    /// A 502/503/504 counts against the upstream unless the service answered it deliberately
    /// about one feature or outside provider (`tmdb-not-configured`, `provider-unavailable`…):
    /// those carry their problem code in `X-Problem-Code`, and the rest of the service is fine.
    static func isUpstreamFailure(status: Int, headers: HTTPHeaders) -> Bool {
        guard [502, 503, 504].contains(status) else { return false }
        guard let code = headers.first(name: Problem.codeHeader) else { return true }
        return code == "internal" || code == "unavailable"
    }

    func send(
        _ request: HTTPClientRequest, method: HTTPRequest.Method, replayable: Bool, timeout: Duration,
        logger: Logger
    ) async throws -> HTTPClientResponse {
        let mayRetry = Self.idempotent.contains(method) && replayable
        var attempt = 0
        while true {
            if case .refused(let wait) = breaker.permit() {
                throw AppError(
                    .serviceUnavailable, code: "circuit-open",
                    "\(name) is failing; calls are paused, retry shortly",
                    headers: [.retryAfter: String(max(1, Int(wait.components.seconds) + 1))])
            }
            do {
                let response = try await client.execute(
                    request, deadline: .now() + TimeAmount(timeout), logger: logger)
                if Self.isUpstreamFailure(status: Int(response.status.code), headers: response.headers) {
                    breaker.recordFailure()
                } else {
                    breaker.recordSuccess()
                }
                return response
            } catch let error as UpstreamBody.TooLarge {
                breaker.recordSuccess()  // the client's fault, not the upstream's
                throw error
            } catch let error as HTTPClientError where error == .deadlineExceeded || error == .readTimeout {
                breaker.recordFailure()
                throw AppError(.gatewayTimeout, code: "upstream-timeout", "\(name) did not answer in time")
            } catch {
                let opened = breaker.recordFailure()
                logger.warning(
                    "upstream call failed",
                    metadata: ["upstream": "\(name)", "attempt": "\(attempt + 1)", "error": "\(error)"])
                if opened { logger.error("circuit opened", metadata: ["upstream": "\(name)"]) }
                guard mayRetry, attempt < retries, !Task.isCancelled else {
                    throw AppError(
                        .serviceUnavailable, code: "upstream-unavailable", "\(name) is unavailable, retry shortly")
                }
                attempt += 1
                try await Task.sleep(for: .milliseconds(25 << attempt))
            }
        }
    }
}
