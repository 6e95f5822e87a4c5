import Foundation
import ServiceKit

/// An IPv4 or IPv6 address range in CIDR notation (`10.0.0.0/8`, `::1/128`, or one address).
struct IPRange: Sendable {
    let network: [UInt8]
    let prefixLength: Int

    init?(_ text: String) {
        let parts = text.split(separator: "/", maxSplits: 1)
        guard let address = IPRange.bytes(String(parts[0])) else { return nil }
        let length = parts.count == 2 ? Int(parts[1]) : address.count * 8
        guard let length, (0...address.count * 8).contains(length) else { return nil }
        network = address
        prefixLength = length
    }

    func contains(_ address: String) -> Bool {
        guard let bytes = IPRange.bytes(address), bytes.count == network.count else { return false }
        var remaining = prefixLength
        for (a, b) in zip(bytes, network) where remaining > 0 {
            let bits = min(8, remaining)
            let mask = UInt8(truncatingIfNeeded: 0xFF << (8 - bits))
            if a & mask != b & mask { return false }
            remaining -= bits
        }
        return true
    }

    /// The address's bytes (4 or 16), nil when it is not an IP address.
    static func bytes(_ text: String) -> [UInt8]? {
        var v4 = in_addr()
        if inet_pton(AF_INET, text, &v4) == 1 { return withUnsafeBytes(of: &v4) { Array($0) } }
        var v6 = in6_addr()
        if inet_pton(AF_INET6, text, &v6) == 1 { return withUnsafeBytes(of: &v6) { Array($0) } }
        return nil
    }
}

/// Who the client is. The TCP peer is the client unless it is one of `proxy.trusted` (a load
/// balancer in front of the gateway): then `X-Forwarded-For` is read from the right, skipping
/// trusted hops, and the first untrusted address is the client. From anyone else the header is
/// ignored, so a client cannot choose its address (and its rate-limit bucket).
struct ClientAddress: Sendable {
    let trusted: [IPRange]

    func resolve(peer: String?, forwardedFor: String?) -> (client: String, chain: [String]) {
        let peer = peer ?? "unknown"
        guard isTrusted(peer), let forwardedFor else { return (peer, [peer]) }
        let hops = forwardedFor.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { IPRange.bytes($0) != nil }
        let chain = hops + [peer]
        // The first untrusted hop from the right is the client. What it wrote before itself is
        // its own claim: it is not forwarded (services read the first X-Forwarded-For entry).
        guard let client = chain.lastIndex(where: { !isTrusted($0) }) else { return (chain[0], chain) }
        return (chain[client], Array(chain[client...]))
    }

    func isTrusted(_ address: String) -> Bool { trusted.contains { $0.contains(address) } }

    /// RFC 7239 `Forwarded` element for one hop (IPv6 quoted and bracketed).
    static func forwardedElement(for address: String, proto: String) -> String {
        // Bytes, not Foundation's `contains(_:)` (a string search, 1 % of a proxied call's CPU).
        let node = address.utf8.contains(UInt8(ascii: ":")) ? "\"[\(address)]\"" : address
        return "for=\(node);proto=\(proto)"
    }
}
