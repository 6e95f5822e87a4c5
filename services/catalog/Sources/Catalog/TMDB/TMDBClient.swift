import AsyncHTTPClient
import Foundation
import Logging
import NIOCore
import NIOHTTP1
import ServiceKit

/// TMDB settings: `tmdb.url` (https://api.themoviedb.org), `tmdb.api.key` (secret: a v3 key, sent as
/// `api_key`, or a v4 read access token, sent as a Bearer token), `tmdb.rate.per.second` (40, under
/// TMDB's ~50/s), `tmdb.image.url` (https://image.tmdb.org/t/p/), `tmdb.sync.interval.minutes` (1440).
struct TMDBConfig: Sendable {
    var baseURL: String
    var apiKey: String
    var ratePerSecond: Double
    var imageURL: String
    var syncIntervalMinutes: Int
    /// Per attempt (an unreachable TMDB costs two attempts).
    var timeoutSeconds: Int = 5
}

enum TMDBError: Error, Equatable, CustomStringConvertible {
    case notConfigured
    case keyRejected
    case notFound(Int)
    case rateLimited(retryAfter: Int)
    case unreachable(String)
    case unexpected(Int)

    var description: String {
        switch self {
        case .notConfigured: "no TMDB API key is configured"
        case .keyRejected: "TMDB rejected the API key"
        case .notFound(let id): "TMDB has no movie \(id)"
        case .rateLimited(let seconds): "TMDB's rate limit was reached (retry after \(seconds) s)"
        case .unreachable(let reason): "TMDB is unreachable: \(reason)"
        case .unexpected(let status): "TMDB answered \(status)"
        }
    }

    /// The problem the API answers with.
    var appError: AppError {
        switch self {
        case .notConfigured: AppError(.serviceUnavailable, code: "tmdb-not-configured", description)
        case .keyRejected: AppError(.badGateway, code: "tmdb-key-rejected", description)
        case .notFound: AppError(.notFound, code: "tmdb-not-found", description)
        case .rateLimited(let seconds):
            AppError(.serviceUnavailable, code: "tmdb-rate-limited", description, headers: [.retryAfter: "\(seconds)"])
        case .unreachable: AppError(.serviceUnavailable, code: "tmdb-unavailable", description)
        case .unexpected: AppError(.badGateway, code: "tmdb-error", description)
        }
    }
}

/// A client of TMDB's API v3: a token bucket keeps under the rate limit, a 429 is waited out as
/// its `Retry-After` says (up to 10 s, three times), 5xx and connection failures are retried with
/// backoff; then the error says what went wrong.
struct TMDBClient: Sendable {
    let config: TMDBConfig
    let http: HTTPClient
    let limiter: TokenBucket
    let logger: Logger

    init(config: TMDBConfig, http: HTTPClient = .outbound, logger: Logger) {
        self.config = config
        self.http = http
        self.limiter = TokenBucket(rate: config.ratePerSecond)
        self.logger = logger
    }

    static let decoder: JSONDecoder = {
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        return decoder
    }()

    func search(_ query: String, year: Int?) async throws -> TMDBSearchPage {
        var parameters = [("query", query), ("language", "fr-FR"), ("include_adult", "false")]
        if let year { parameters.append(("year", String(year))) }
        return try await get("/3/search/movie", parameters, as: TMDBSearchPage.self)
    }

    func movie(_ id: Int) async throws -> TMDBMovie {
        do {
            return try await get(
                "/3/movie/\(id)",
                [("language", "fr-FR"), ("append_to_response", "credits,release_dates,videos,keywords,translations")],
                as: TMDBMovie.self)
        } catch TMDBError.unexpected(404) {
            throw TMDBError.notFound(id)
        }
    }

    func get<T: Decodable>(_ path: String, _ parameters: [(String, String)], as: T.Type) async throws -> T {
        guard !config.apiKey.isEmpty else { throw TMDBError.notConfigured }
        var components = URLComponents(string: config.baseURL + path)
        var items = parameters.map { URLQueryItem(name: $0.0, value: $0.1) }
        let bearer = config.apiKey.hasPrefix("eyJ")
        if !bearer { items.append(URLQueryItem(name: "api_key", value: config.apiKey)) }
        components?.queryItems = items
        guard let url = components?.url?.absoluteString else { throw TMDBError.unexpected(0) }
        var request = HTTPClientRequest(url: url)
        request.headers.add(name: "Accept", value: "application/json")
        if bearer { request.headers.add(name: "Authorization", value: "Bearer \(config.apiKey)") }
        var attempt = 0
        while true {
            attempt += 1
            await limiter.acquire()
            do {
                let response = try await http.execute(request, timeout: .seconds(Int64(config.timeoutSeconds)))
                let body = try await response.body.collect(upTo: 4 << 20)
                switch response.status.code {
                case 200: return try Self.decoder.decode(T.self, from: Data(buffer: body))
                case 401: throw TMDBError.keyRejected
                case 429:
                    let wait = Int(response.headers.first(name: "Retry-After") ?? "") ?? 1
                    guard attempt < 4, wait <= 10 else { throw TMDBError.rateLimited(retryAfter: wait) }
                    logger.info("TMDB rate limit, waiting", metadata: ["seconds": "\(wait)"])
                    try await Task.sleep(for: .seconds(wait))
                case 500...599 where attempt < 3:
                    try await Task.sleep(for: .milliseconds(200 << attempt))
                default: throw TMDBError.unexpected(Int(response.status.code))
                }
            } catch let error as TMDBError {
                throw error
            } catch is DecodingError {
                throw TMDBError.unexpected(200)
            } catch {
                guard attempt < 2 else { throw TMDBError.unreachable(String(describing: error)) }
                try await Task.sleep(for: .milliseconds(200 << attempt))
            }
        }
    }
}
