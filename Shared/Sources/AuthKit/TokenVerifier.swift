import AsyncHTTPClient
import Configuration
import Foundation
import JWTKit
import Logging
import NIOCore
import ServiceKit
import Synchronization

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
/// tokens here as it does for unseen ones. `remembered(_:)` reads that memory without a hop onto
/// the actor (the gateway's channel-level forwarding); a miss there goes through `verify`.
public actor TokenVerifier {
    let config: TokenVerifierConfig
    let httpClient: HTTPClient
    let logger: Logger
    let minimumRefreshInterval: Duration
    var keys = JWTKeyCollection()
    var knownKids: Set<String> = []
    var lastRefresh: ContinuousClock.Instant?
    var inFlight: Task<Void, any Error>?
    let cacheLimit = 10_000
    /// The verified tokens, with copies of `knownKids` and `lastRefresh` for `remembered(_:)`.
    nonisolated let memory = Mutex(Memory())

    struct Memory {
        var verified: [String: Verified] = [:]
        var knownKids: Set<String> = []
        var lastRefresh: ContinuousClock.Instant?
    }

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

    /// The identity of a token `verify` accepted and still would without any work: unexpired, its
    /// key still in the JWKS, the JWKS fetched within `refreshInterval`. Nil otherwise: ask `verify`.
    public nonisolated func remembered(_ token: String) -> Identity? {
        memory.withLock { memory in
            guard let known = memory.verified[token], let lastRefresh = memory.lastRefresh,
                ContinuousClock.now - lastRefresh <= config.refreshInterval, known.expires > Date(),
                memory.knownKids.contains(known.kid)
            else { return nil }
            return known.identity
        }
    }

    public func verify(_ token: String) async throws -> Identity {
        // Keys older than the refresh interval are fetched again first: a withdrawn key's tokens
        // (remembered ones included) are refused once it has left the JWKS.
        if let lastRefresh, ContinuousClock.now - lastRefresh > config.refreshInterval {
            try? await refresh(force: false)
        }
        if let known = memory.withLock({ $0.verified[token] }) {
            if known.expires > Date(), knownKids.contains(known.kid) { return known.identity }
            memory.withLock { $0.verified[token] = nil }
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
        memory.withLock { memory in
            if memory.verified.count >= cacheLimit {
                let now = Date()
                memory.verified = memory.verified.filter { $0.value.expires > now }
                if memory.verified.count >= cacheLimit { memory.verified.removeAll() }
            }
            memory.verified[token] = entry
        }
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
        memory.withLock { [lastRefresh] in $0.lastRefresh = lastRefresh }
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
        memory.withLock { [knownKids] in $0.knownKids = knownKids }
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
