import AuthKit
import Crypto
import Foundation
import HTTPTypes
import ServiceKit

/// OWASP's device cookies ("Slow Down Online Guessing Attacks with Device Cookies"): a browser
/// or app that has logged in to an account gets a signed token bound to that login name. While
/// the account is under attack from elsewhere (its account-wide or per-address locks are on),
/// a client presenting a valid token for it is judged by its own failure counter only.
///
/// The token is base64url(version | account tag | nonce | expiry | HMAC-SHA256 of the rest):
/// the account tag is a keyed hash of the lower-cased e-mail (the e-mail is not readable from
/// the token), the nonce names the device's own failure counter (`device:<nonce>`), the expiry
/// is in Unix seconds. Nothing is stored until the device fails a login.
struct DeviceCookie: Sendable {
    /// The cookie a browser keeps: HttpOnly, SameSite=Strict, on auth's path.
    static let name = "hs_device"
    /// The same token from clients without a cookie jar.
    static let header = HTTPField.Name("X-Device-Token")!

    let key: SymmetricKey
    let lifetime: TimeInterval
    let secure: Bool
    let path: String

    private static let version: UInt8 = 1
    private static let tagLength = 16
    private static let nonceLength = 16
    private static let macLength = 32
    private static let length = 1 + tagLength + nonceLength + 8 + macLength

    /// A device that proved it logged in to this account before.
    struct Device: Sendable, Equatable {
        /// Names its failure counter.
        var nonce: String
    }

    /// A new token for the login name (lower-cased e-mail).
    func issue(login: String, now: Date = .now) -> String {
        var payload = Data([Self.version])
        payload.append(tag(login))
        payload.append(SymmetricKey(size: .bits128).withUnsafeBytes { Data($0) })
        let expiry = UInt64(max(0, now.addingTimeInterval(lifetime).timeIntervalSince1970))
        withUnsafeBytes(of: expiry.bigEndian) { payload.append(contentsOf: $0) }
        payload.append(Data(HMAC<SHA256>.authenticationCode(for: payload, using: key)))
        return Base64URL.encode(payload)
    }

    /// The device of a token that this service signed for this login name and that has not
    /// expired; nil for anything else (forged, tampered, another account's, expired, garbage).
    func verify(_ token: String, login: String, now: Date = .now) -> Device? {
        guard token.utf8.count <= 200, let bytes = Base64URL.decode(token), bytes.count == Self.length,
            bytes.first == Self.version
        else { return nil }
        let payload = bytes.prefix(bytes.count - Self.macLength)
        let mac = bytes.suffix(Self.macLength)
        guard HMAC<SHA256>.isValidAuthenticationCode(mac, authenticating: payload, using: key) else { return nil }
        // Authentic (the MAC matched), so a plain comparison tells an attacker nothing.
        let tagRange = 1..<(1 + Self.tagLength)
        guard bytes[tagRange] == tag(login) else { return nil }
        let nonce = bytes[tagRange.upperBound..<(tagRange.upperBound + Self.nonceLength)]
        let expiry = bytes[(tagRange.upperBound + Self.nonceLength)...].prefix(8).reduce(UInt64(0)) {
            $0 << 8 | UInt64($1)
        }
        guard Double(expiry) > now.timeIntervalSince1970 else { return nil }
        return Device(nonce: Base64URL.encode(nonce))
    }

    /// The token a request presents: the `hs_device` cookie, else the `X-Device-Token` header.
    static func presented(_ headers: HTTPFields) -> String? {
        SessionCookies.cookies(headers)[name] ?? headers[header]
    }

    /// `Set-Cookie` for a token (Secure as the session cookies, Max-Age its lifetime).
    func setCookie(_ token: String) -> HTTPField {
        HTTPField(
            name: .setCookie,
            value: "\(Self.name)=\(token); Path=\(path); Max-Age=\(Int(lifetime)); SameSite=Strict"
                + (secure ? "; Secure" : "") + "; HttpOnly")
    }

    private func tag(_ login: String) -> Data {
        Data(HMAC<SHA256>.authenticationCode(for: Data(("account\u{0}" + login).utf8), using: key)).prefix(
            Self.tagLength)
    }
}
