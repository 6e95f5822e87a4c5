import Crypto
import Foundation
import ServiceKit

/// Stripe's webhook signature (https://docs.stripe.com/webhooks#verify-manually):
/// `Stripe-Signature: t=<unix time>,v1=<hex HMAC-SHA256 of "<t>.<raw body>">[,v1=…]`, compared in
/// constant time, refused when `t` is more than `tolerance` seconds away from now (replays).
enum StripeSignature {
    enum Failure: Error, Equatable {
        case malformed
        case stale
        case mismatch
    }

    static let tolerance: TimeInterval = 300

    static func verify(header: String?, body: [UInt8], secret: String, now: Date = .now) throws {
        guard let header else { throw Failure.malformed }
        var timestamp: Int?
        var signatures: [String] = []
        for part in header.split(separator: ",") {
            let pair = part.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            guard pair.count == 2 else { continue }
            if pair[0] == "t" { timestamp = Int(pair[1]) }
            if pair[0] == "v1" { signatures.append(pair[1]) }
        }
        guard let timestamp, !signatures.isEmpty else { throw Failure.malformed }
        guard abs(now.timeIntervalSince1970 - TimeInterval(timestamp)) <= tolerance else { throw Failure.stale }
        let expected = sign(body, timestamp: timestamp, secret: secret)
        guard signatures.contains(where: { ConstantTime.equal($0, expected) }) else { throw Failure.mismatch }
    }

    /// The hex `v1` signature of a payload (also what tests and the fake Stripe use to sign).
    static func sign(_ body: [UInt8], timestamp: Int, secret: String) -> String {
        let payload = Array("\(timestamp).".utf8) + body
        let mac = HMAC<SHA256>.authenticationCode(for: payload, using: SymmetricKey(data: Data(secret.utf8)))
        return Hex.encode(mac)
    }
}
