import AsyncHTTPClient
import Configuration
import Foundation
import JWTKit
import Logging
import NIOCore
import ServiceKit

/// Verification settings. Keys: `auth.jwks.url` (required), `auth.issuer` (homestudio-auth),
/// `auth.audience` (homestudio), `auth.jwks.refresh.seconds` (30: the JWKS is fetched again when
/// it is older, so that a withdrawn key's tokens are refused everywhere within that time).
public struct TokenVerifierConfig: Sendable {
    public var jwksURL: String
    public var issuer: String
    public var audience: String
    public var refreshInterval: Duration

    public init(reader: ConfigReader) throws {
        jwksURL = try reader.requiredString(forKey: "auth.jwks.url")
        issuer = reader.string(forKey: "auth.issuer", default: "homestudio-auth")
        audience = reader.string(forKey: "auth.audience", default: "homestudio")
        refreshInterval = .seconds(max(1, reader.int(forKey: "auth.jwks.refresh.seconds", default: 30)))
    }

    public init(
        jwksURL: String, issuer: String = "homestudio-auth", audience: String = "homestudio",
        refreshInterval: Duration = .seconds(30)
    ) {
        self.jwksURL = jwksURL
        self.issuer = issuer
        self.audience = audience
        self.refreshInterval = refreshInterval
    }
}

/// Verifies access tokens against auth's JWKS: only EdDSA, a known `kid`, valid `exp`/`nbf`,
/// expected `iss` and `aud`. Keys are cached and refetched when a token names an unknown `kid`,
/// at most once per `minimumRefreshInterval` (so forged kids cannot hammer auth).
///
/// A verified token is remembered until it expires (at most `cacheLimit` of them): a client
/// sends the same token with every call, and its signature needs checking once. A remembered
/// token still needs its `kid` in the current JWKS, so a key withdrawn from the JWKS ends its
/// tokens here as it does for unseen ones.
public actor TokenVerifier {
    let config: TokenVerifierConfig
    let httpClient: HTTPClient
    let logger: Logger
    let minimumRefreshInterval: Duration
    var keys = JWTKeyCollection()
    var knownKids: Set<String> = []
    var lastRefresh: ContinuousClock.Instant?
    var inFlight: Task<Void, any Error>?
    var verified: [String: Verified] = [:]
    let cacheLimit = 10_000

    struct Verified {
        var identity: Identity
        var kid: String
        var expires: Date
    }

    public init(
        config: TokenVerifierConfig, httpClient: HTTPClient = .outbound, logger: Logger,
        minimumRefreshInterval: Duration = .seconds(10)
    ) {
        self.config = config
        self.httpClient = httpClient
        self.logger = logger
        self.minimumRefreshInterval = minimumRefreshInterval
    }

    public func verify(_ token: String) async throws -> Identity {
        // Keys older than the refresh interval are fetched again first: a withdrawn key's tokens
        // (remembered ones included) are refused once it has left the JWKS.
        if let lastRefresh, ContinuousClock.now - lastRefresh > config.refreshInterval {
            try? await refresh(force: false)
        }
        if let known = verified[token] {
            if known.expires > Date(), knownKids.contains(known.kid) { return known.identity }
            verified[token] = nil
        }
        let header = try Self.header(of: token)
        guard header.alg == "EdDSA", let kid = header.kid else { throw AppError.unauthorized("Unsupported token") }
        if !knownKids.contains(kid) { try? await refresh(force: false) }
        guard knownKids.contains(kid) else { throw AppError.unauthorized("Unknown signing key") }
        let claims: AccessClaims
        do {
            claims = try await keys.verify(token, as: AccessClaims.self)
        } catch {
            throw AppError.unauthorized("Invalid or expired token")
        }
        guard claims.iss.value == config.issuer, claims.aud.value.contains(config.audience),
            let userID = UUID(uuidString: claims.sub.value)
        else { throw AppError.unauthorized("Token not issued for this audience") }
        let identity = Identity(
            userID: userID, email: claims.email, role: claims.role, permissions: Set(claims.perms),
            sessionID: claims.sid.flatMap(UUID.init(uuidString:)))
        remember(token, Verified(identity: identity, kid: kid, expires: claims.exp.value))
        return identity
    }

    private func remember(_ token: String, _ entry: Verified) {
        if verified.count >= cacheLimit {
            let now = Date()
            verified = verified.filter { $0.value.expires > now }
            if verified.count >= cacheLimit { verified.removeAll() }
        }
        verified[token] = entry
    }

    var lastFetchFailed = false

    /// True when keys are held (readiness of the gateway): cached keys count, so an auth hiccup
    /// does not empty the gateway. With none yet, one fetch is tried (at most every
    /// `minimumRefreshInterval`).
    public func holdsKeys() async -> Bool {
        if knownKids.isEmpty { try? await refresh(force: false) }
        return !knownKids.isEmpty
    }

    /// Whether the JWKS answered at its last fetch, refreshed at most every
    /// `minimumRefreshInterval` (the detailed health document; never readiness).
    public func canReachJWKS() async -> Bool {
        try? await refresh(force: false)
        return !lastFetchFailed
    }

    /// Concurrent callers share one fetch (the actor is reentrant across the HTTP call).
    func refresh(force: Bool) async throws {
        if let inFlight { return try await inFlight.value }
        if !force, let lastRefresh, ContinuousClock.now - lastRefresh < minimumRefreshInterval { return }
        lastRefresh = .now
        let task = Task { try await fetch() }
        inFlight = task
        defer { inFlight = nil }
        try await task.value
    }

    private func fetch() async throws {
        do {
            try await download()
            lastFetchFailed = false
        } catch {
            lastFetchFailed = true
            throw error
        }
    }

    private func download() async throws {
        var request = HTTPClientRequest(url: config.jwksURL)
        request.method = .GET
        let response = try await httpClient.execute(request, timeout: .seconds(3))
        guard response.status == .ok else { throw AppError.unauthorized("JWKS unavailable") }
        let body = try await response.body.collect(upTo: 1 << 20)
        let jwks = try JSONDecoder().decode(PublicJWKS.self, from: body)
        let collection = JWTKeyCollection()
        for key in jwks.keys where key.kty == "OKP" && key.crv == "Ed25519" {
            await collection.add(
                eddsa: try EdDSA.PublicKey(x: key.x, curve: .ed25519), kid: JWKIdentifier(string: key.kid))
        }
        keys = collection
        knownKids = Set(jwks.keys.map(\.kid))
    }

    struct Header: Decodable {
        var alg: String?
        var kid: String?
    }

    static func header(of token: String) throws -> Header {
        let parts = token.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 3, let data = Base64URL.decode(String(parts[0])),
            let header = try? JSONDecoder().decode(Header.self, from: data)
        else { throw AppError.unauthorized("Malformed token") }
        return header
    }
}
