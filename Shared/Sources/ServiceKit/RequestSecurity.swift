import HTTPTypes
import Hummingbird

extension HTTPField.Name {
    public static let xForwardedFor = Self("X-Forwarded-For")!
}

extension Request {
    /// The caller's address: the first `X-Forwarded-For` entry (the gateway sets it from the peer
    /// it saw), else this connection's peer.
    public func clientAddress(_ context: ServiceRequestContext) -> String? {
        let forwarded = headers[.xForwardedFor]?.split(separator: ",").first
        return forwarded.map { $0.trimmingCharacters(in: .whitespaces) } ?? context.peerAddress
    }
}

/// Comparison of secrets (tokens, signatures) whose time does not depend on where they differ.
public enum ConstantTime {
    public static func equal(_ a: String, _ b: String) -> Bool {
        let (a, b) = (Array(a.utf8), Array(b.utf8))
        guard a.count == b.count else { return false }
        return zip(a, b).reduce(UInt8(0)) { $0 | ($1.0 ^ $1.1) } == 0
    }
}
