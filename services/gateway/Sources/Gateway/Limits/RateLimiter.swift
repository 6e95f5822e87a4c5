import Foundation
import HTTPTypes
import Logging
import Redis
import ServiceKit

/// Token buckets per client address and per user, per route rule. With Redis the buckets are
/// shared by every gateway replica (one atomic script checks and takes from both buckets);
/// without Redis, or while it is unreachable, each replica keeps its own.
struct RateLimiter: Sendable {
    let settings: RateLimitSettings
    let local: LocalBuckets
    let redis: RedisBuckets?
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
        self.logger = logger
    }

    /// Takes a token from the client's bucket and, for a signed-in caller, the user's bucket.
    func take(method: HTTPRequest.Method, service: String, path: String, client: String, user: String?) async
        -> Decision?
    {
        guard settings.enabled else { return nil }
        let rule = settings.routes.rule(method: method, service: service, path: path)
        let limit = rule?.value ?? settings.standard
        let scope = rule?.name ?? "default"
        var keys = ["hs:rl:\(scope):ip:\(client)"]
        if let user { keys.append("hs:rl:\(scope):user:\(user)") }
        if let redis {
            do { return try await redis.take(keys: keys, limit: limit) } catch {
                logger.debug("rate limit falls back to local buckets", metadata: ["error": "\(error)"])
            }
        }
        return local.take(keys: keys, limit: limit)
    }
}

extension HTTPField.Name {
    static let rateLimitLimit = Self("RateLimit-Limit")!
    static let rateLimitRemaining = Self("RateLimit-Remaining")!
    static let rateLimitReset = Self("RateLimit-Reset")!
    static let rateLimitPolicy = Self("RateLimit-Policy")!
}

/// Buckets shared through Redis: one Lua script refills every bucket from Redis's clock, takes a
/// token from all of them only if all have one, and sets an expiry so idle buckets vanish.
struct RedisBuckets: Sendable {
    let client: RedisClient

    static let script = RedisScript(
        """
        local now = redis.call('TIME')
        local nowMs = tonumber(now[1]) * 1000 + math.floor(tonumber(now[2]) / 1000)
        local capacity = tonumber(ARGV[1])
        local periodMs = tonumber(ARGV[2])
        local perMs = capacity / periodMs
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
        local allowed = lowest >= 1
        for i, key in ipairs(KEYS) do
          local tokens = levels[i]
          if allowed then tokens = tokens - 1 end
          redis.call('HSET', key, 'tokens', tostring(tokens), 'at', tostring(nowMs))
          redis.call('PEXPIRE', key, periodMs * 2)
        end
        if allowed then lowest = lowest - 1 end
        local waitMs = 0
        if not allowed then waitMs = math.ceil((1 - lowest) / perMs) end
        local fullMs = math.ceil((capacity - lowest) / perMs)
        return {allowed and 1 or 0, math.floor(lowest), waitMs, fullMs}
        """)

    func take(keys: [String], limit: RateLimit) async throws -> RateLimiter.Decision {
        let reply = try await client.run(
            Self.script, keys: keys, arguments: [String(limit.capacity), String(limit.seconds * 1000)])
        guard let values = reply.array?.compactMap(\.int), values.count == 4 else {
            throw RedisError.reply("unexpected rate-limit reply \(reply)")
        }
        return RateLimiter.Decision(
            allowed: values[0] == 1, limit: limit, remaining: values[1],
            retryAfter: Int((Double(values[2]) / 1000).rounded(.up)),
            reset: Int((Double(values[3]) / 1000).rounded(.up)))
    }
}
