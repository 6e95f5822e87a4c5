import Foundation
import HTTPTypes
import Logging
import Redis
import ServiceKit

/// Token buckets per client address and per user, per route rule. With Redis the buckets are
/// shared by every gateway replica (one atomic script checks and takes from both buckets), and
/// large buckets are drawn from in leases (`TokenLeases`: most calls spend a token this replica
/// already took, without a Redis round trip); without Redis, or while it is unreachable, each
/// replica keeps its own.
struct RateLimiter: Sendable {
    let settings: RateLimitSettings
    let local: LocalBuckets
    let redis: RedisBuckets?
    let leases: TokenLeases
    let logger: Logger

    /// The outcome for one call; `headers` go on the answer either way.
    struct Decision: Sendable {
        var allowed: Bool
        var limit: RateLimit
        var remaining: Int
        /// Seconds until a call would be allowed (when refused) or the bucket is full again.
        var retryAfter: Int
        var reset: Int

        var headers: HTTPFields {
            var fields = HTTPFields()
            fields[.rateLimitLimit] = String(limit.capacity)
            fields[.rateLimitRemaining] = String(remaining)
            fields[.rateLimitReset] = String(reset)
            fields[.rateLimitPolicy] = "\(limit.capacity);w=\(limit.seconds)"
            if !allowed { fields[.retryAfter] = String(retryAfter) }
            return fields
        }
    }

    init(settings: RateLimitSettings, redis: RedisClient?, logger: Logger) {
        self.settings = settings
        self.local = LocalBuckets()
        self.redis = redis.map(RedisBuckets.init)
        self.leases = TokenLeases(lifetime: settings.leaseLifetime)
        self.logger = logger
    }

    /// Takes a token from the client's bucket and, for a signed-in caller, the user's bucket.
    func take(method: HTTPRequest.Method, service: String, path: String, client: String, user: String?) async
        -> Decision?
    {
        guard settings.enabled else { return nil }
        let (keys, limit) = buckets(method: method, service: service, path: path, client: client, user: user)
        if let redis {
            let lease = keys.joined(separator: " ")
            if let decision = leases.spend(lease, limit: limit) { return decision }
            do {
                let (granted, decision) = try await redis.take(
                    keys: keys, limit: limit, count: TokenLeases.size(for: limit))
                return leases.keep(lease, granted: granted, decision: decision)
            } catch {
                logger.debug("rate limit falls back to local buckets", metadata: ["error": "\(error)"])
            }
        }
        return local.take(keys: keys, limit: limit)
    }

    /// What `take` would say, when it can be said without waiting (limits off; a token of this
    /// replica's lease; the local buckets without Redis); nil when only Redis can tell.
    func takeWithoutWaiting(
        method: HTTPRequest.Method, service: String, path: String, client: String, user: String?
    ) -> Decision?? {
        guard settings.enabled else { return .some(nil) }
        let (keys, limit) = buckets(method: method, service: service, path: path, client: client, user: user)
        guard redis != nil else { return local.take(keys: keys, limit: limit) }
        return leases.spend(keys.joined(separator: " "), limit: limit).map { .some($0) }
    }

    /// The call's bucket keys (client address, and user when signed in) and their rule's limit.
    private func buckets(method: HTTPRequest.Method, service: String, path: String, client: String, user: String?)
        -> (keys: [String], limit: RateLimit)
    {
        let rule = settings.routes.rule(method: method, service: service, path: path)
        let scope = rule?.name ?? "default"
        var keys = ["hs:rl:\(scope):ip:\(client)"]
        if let user { keys.append("hs:rl:\(scope):user:\(user)") }
        return (keys, rule?.value ?? settings.standard)
    }
}

extension HTTPField.Name {
    static let rateLimitLimit = Self("RateLimit-Limit")!
    static let rateLimitRemaining = Self("RateLimit-Remaining")!
    static let rateLimitReset = Self("RateLimit-Reset")!
    static let rateLimitPolicy = Self("RateLimit-Policy")!
}

/// Buckets shared through Redis: one Lua script refills every bucket from Redis's clock, takes
/// up to `count` tokens from all of them (as many as the emptiest holds) only if all have one, and
/// sets an expiry so idle buckets vanish.
struct RedisBuckets: Sendable {
    let client: RedisClient

    static let script = RedisScript(
        """
        local now = redis.call('TIME')
        local nowMs = tonumber(now[1]) * 1000 + math.floor(tonumber(now[2]) / 1000)
        local capacity = tonumber(ARGV[1])
        local periodMs = tonumber(ARGV[2])
        local perMs = capacity / periodMs
        local wanted = tonumber(ARGV[3])
        local levels = {}
        local lowest = capacity
        for i, key in ipairs(KEYS) do
          local state = redis.call('HMGET', key, 'tokens', 'at')
          local tokens = tonumber(state[1]) or capacity
          local at = tonumber(state[2]) or nowMs
          tokens = math.min(capacity, tokens + math.max(0, nowMs - at) * perMs)
          levels[i] = tokens
          if tokens < lowest then lowest = tokens end
        end
        local granted = math.max(0, math.min(wanted, math.floor(lowest)))
        for i, key in ipairs(KEYS) do
          redis.call('HSET', key, 'tokens', tostring(levels[i] - granted), 'at', tostring(nowMs))
          redis.call('PEXPIRE', key, periodMs * 2)
        end
        lowest = lowest - granted
        local waitMs = 0
        if granted == 0 then waitMs = math.ceil((1 - lowest) / perMs) end
        local fullMs = math.ceil((capacity - lowest) / perMs)
        return {granted, math.floor(lowest), waitMs, fullMs}
        """)

    /// Up to `count` tokens from every bucket of `keys`: how many were granted (0: refused), and
    /// the decision for the call that asked, which spends one of them.
    func take(keys: [String], limit: RateLimit, count: Int = 1) async throws -> (
        granted: Int, decision: RateLimiter.Decision
    ) {
        let reply = try await client.run(
            Self.script, keys: keys,
            arguments: [String(limit.capacity), String(limit.seconds * 1000), String(count)])
        guard let values = reply.array?.compactMap(\.int), values.count == 4 else {
            throw RedisError.reply("unexpected rate-limit reply \(reply)")
        }
        let granted = values[0]
        return (
            granted,
            RateLimiter.Decision(
                allowed: granted > 0, limit: limit, remaining: values[1],
                retryAfter: Int((Double(values[2]) / 1000).rounded(.up)),
                reset: Int((Double(values[3]) / 1000).rounded(.up)))
        )
    }
}
