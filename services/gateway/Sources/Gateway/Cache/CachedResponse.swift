import Foundation
import HTTPTypes

/// A stored answer: a JSON head line, a newline, then the body bytes (so the body is not
/// re-encoded). `generation` is the service's cache generation when the upstream was asked:
/// an entry from an older generation is stale.
struct CachedResponse: Sendable {
    struct Head: Codable, Sendable {
        var generation: Int
        var storedAt: Double
        var maxAge: Int
        var headers: [String: String]
    }

    /// Headers kept with a cached answer (and replayed from it).
    static let keptHeaders = [
        "content-type", "etag", "last-modified", "cache-control", "content-language", "vary", "content-encoding",
    ]

    var head: Head
    var body: [UInt8]

    var etag: String? { head.headers["etag"] }

    func age(now: Date = Date()) -> Int { max(0, Int(now.timeIntervalSince1970 - head.storedAt)) }

    func encoded() throws -> [UInt8] {
        try Array(JSONEncoder().encode(head)) + [0x0A] + body
    }

    init(head: Head, body: [UInt8]) {
        self.head = head
        self.body = body
    }

    init?(decoding bytes: [UInt8]) {
        guard let newline = bytes.firstIndex(of: 0x0A),
            let head = try? JSONDecoder().decode(Head.self, from: Data(bytes[..<newline]))
        else { return nil }
        self.head = head
        self.body = Array(bytes[(newline + 1)...])
    }
}

/// RFC 9111 rules the gateway applies to an upstream answer and to a client's request.
enum CachePolicy {
    /// Seconds a shared cache may keep the answer, nil when it must not store it.
    static func sharedMaxAge(cacheControl: String?) -> Int? {
        guard let cacheControl else { return nil }
        var maxAge: Int?
        var sharedMaxAge: Int?
        for directive in cacheControl.lowercased().split(separator: ",") {
            let parts = directive.trimmingCharacters(in: .whitespaces).split(separator: "=", maxSplits: 1)
            let name = parts.first.map(String.init) ?? ""
            let value = parts.count == 2 ? Int(parts[1].trimmingCharacters(in: CharacterSet(charactersIn: "\""))) : nil
            switch name {
            case "private", "no-store", "no-cache": return nil
            case "max-age": maxAge = value
            case "s-maxage": sharedMaxAge = value
            default: continue
            }
        }
        guard let seconds = sharedMaxAge ?? maxAge, seconds > 0 else { return nil }
        return seconds
    }

    /// True when the client's `If-None-Match` names the entity tag (weak comparison, `*` matches).
    static func matches(ifNoneMatch: String?, etag: String?) -> Bool {
        guard let ifNoneMatch, let etag else { return false }
        let wanted = ifNoneMatch.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
        let bare = { (tag: String) in tag.hasPrefix("W/") ? String(tag.dropFirst(2)) : tag }
        return wanted.contains { $0 == "*" || bare($0) == bare(etag) }
    }

    /// A client asking `no-cache` (or `max-age=0`) wants the upstream's answer.
    static func bypassRead(requestCacheControl: String?) -> Bool {
        guard let value = requestCacheControl?.lowercased() else { return false }
        return value.contains("no-cache") || value.contains("no-store") || value.contains("max-age=0")
    }
}
