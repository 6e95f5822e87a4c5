import Crypto
import Foundation
import HTTPTypes
import ServiceKit
import TestSupport
import Testing

@testable import Auth

@Suite("device cookies and login throttling policy")
struct DeviceCookieTests {
    let cookie = DeviceCookie(key: SymmetricKey(size: .bits256), lifetime: 180 * 86400, secure: true, path: "/api/auth")

    @Test("a token verifies for its own login name only, until it expires, and not under another key")
    func bound() throws {
        let now = Date(timeIntervalSince1970: 1_800_000_000)
        let token = cookie.issue(login: "ada@example.com", now: now)
        let device = try #require(cookie.verify(token, login: "ada@example.com", now: now))
        #expect(cookie.verify(token, login: "ada@example.com", now: now.addingTimeInterval(179 * 86400)) == device)
        #expect(cookie.verify(token, login: "ada@example.com", now: now.addingTimeInterval(181 * 86400)) == nil)
        #expect(cookie.verify(token, login: "bob@example.com", now: now) == nil)
        let other = DeviceCookie(key: SymmetricKey(size: .bits256), lifetime: 86400, secure: true, path: "/")
        #expect(other.verify(token, login: "ada@example.com", now: now) == nil)
        // Each login its own device (nonce), hence its own failure counter.
        #expect(
            cookie.verify(cookie.issue(login: "ada@example.com", now: now), login: "ada@example.com", now: now)
                != device)
    }

    @Test("any changed byte, a truncated token or garbage is refused")
    func tampered() throws {
        let token = cookie.issue(login: "ada@example.com")
        var bytes = try #require(Base64URL.decode(token))
        for index in bytes.indices {
            bytes[index] ^= 0x01
            #expect(cookie.verify(Base64URL.encode(bytes), login: "ada@example.com") == nil)
            bytes[index] ^= 0x01
        }
        #expect(cookie.verify(String(token.dropLast(4)), login: "ada@example.com") == nil)
        #expect(cookie.verify("", login: "ada@example.com") == nil)
        #expect(cookie.verify("not a token at all", login: "ada@example.com") == nil)
        #expect(cookie.verify(String(repeating: "A", count: 5000), login: "ada@example.com") == nil)
    }

    @Test("the cookie is HttpOnly, SameSite=Strict, Secure as configured, on auth's path, for its lifetime")
    func setCookie() {
        let field = cookie.setCookie("t0k")
        #expect(field.name == .setCookie)
        #expect(field.value == "hs_device=t0k; Path=/api/auth; Max-Age=15552000; SameSite=Strict; Secure; HttpOnly")
        var headers = HTTPFields()
        headers[.cookie] = "hs_csrf=x; hs_device=abc"
        #expect(DeviceCookie.presented(headers) == "abc")
        #expect(DeviceCookie.presented([DeviceCookie.header: "def"]) == "def")
    }

    @Test("configuration defaults and the progressive delay")
    func policy() throws {
        let config = try AuthConfig(reader: ConfigReaderFactory.make(["auth.key.encryption.key": "k"]))
        let policy = config.throttle
        let limits: [Int] = [policy.pairLimit, policy.accountLimit, policy.deviceLimit, policy.addressSlowdown]
        #expect(limits == [5, 20, 5, 20])
        #expect(policy.window == 900 && policy.lockDuration == 900)
        #expect(config.deviceCookie.lifetime == 180 * 86400)
        #expect(
            (1...7).map { policy.delay(afterFailures: $0) }
                == [0, 0, 500, 1000, 2000, 4000, 8000].map {
                    Duration.milliseconds($0)
                })
        #expect(policy.delay(afterFailures: 100) == .seconds(8))
        #expect(policy.delay(afterFailures: 20, free: 20) == .zero)
        #expect(policy.delay(afterFailures: 21, free: 20) == .milliseconds(500))
    }
}
