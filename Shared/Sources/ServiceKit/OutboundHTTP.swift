import AsyncHTTPClient
import NIOCore

extension HTTPClient {
    /// The client for calls to outside providers (TMDB, Stripe, PayPal, SMS, Web Push, JWKS).
    ///
    /// `HTTPClient.shared` retries a refused connection inside its pool until the request's
    /// deadline, so an unreachable provider cost every caller its whole timeout (TMDB search: two
    /// 5 s attempts, beyond an HTTP client's patience). Here a connection that cannot be made
    /// fails at once (or after 2 s without an answer to the SYN) and the caller's own retry
    /// policy decides what happens next.
    public static let outbound: HTTPClient = {
        var configuration = HTTPClient.Configuration(
            timeout: .init(connect: .seconds(2)),
            connectionPool: .init(idleTimeout: .seconds(60)))
        configuration.connectionPool.retryConnectionEstablishment = false
        configuration.tracing.tracer = nil
        return HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
    }()
}
