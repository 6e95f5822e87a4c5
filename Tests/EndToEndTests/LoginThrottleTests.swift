import AsyncHTTPClient
import Foundation
import Logging
import NIOCore
import NIOHTTP1
import PostgresNIO
import TestSupport
import Testing

/// Brute-force protection on login that an attacker cannot turn into a lock-out of the owner
/// (OWASP device cookies): 5 failures lock one (account, address) pair, 20 from untrusted clients
/// lock the account for them, a client with a device token of an earlier login is judged by its
/// own failures only, and an address is only slowed down, never locked.
///
/// The suite's gateway trusts no proxy, so every call through it comes from 127.0.0.1. Attackers at
/// other addresses call auth directly with the `X-Forwarded-For` that the gateway sends on behalf
/// of a client it resolved (auth takes the first entry as the client; only the gateway reaches auth
/// in a deployment).
@Suite("Login throttling", .enabled(if: TestEnvironment.isAvailable))
struct LoginThrottleTests {
    static let password = "correct horse battery staple"

    /// Many connections: an attack's failures are sent at once (each answer waits its delay).
    static let http = HTTPClient(
        eventLoopGroupProvider: .singleton,
        configuration: HTTPClient.Configuration(
            connectionPool: .init(idleTimeout: .seconds(10), concurrentHTTP1ConnectionsPerHostSoftLimit: 64)))

    /// A login at auth from `address` (as forwarded by the gateway), with optional extra headers.
    struct Reply: Sendable {
        var status: Int
        var headers: HTTPHeaders
        var body: Data
        var json: [String: Any] { (try? JSONSerialization.jsonObject(with: body) as? [String: Any]) ?? [:] }
    }

    static func login(
        _ email: String, _ password: String, from address: String, headers: [(String, String)] = []
    ) async throws -> Reply {
        var request = HTTPClientRequest(url: TestEnvironment.serviceURL("auth") + "/login")
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/json")
        request.headers.add(name: "X-Forwarded-For", value: address)
        for (name, value) in headers { request.headers.add(name: name, value: value) }
        let body = try JSONSerialization.data(withJSONObject: ["email": email, "password": password])
        request.body = .bytes(ByteBuffer(data: body))
        let response = try await http.execute(request, timeout: .seconds(60))
        let bytes = try await response.body.collect(upTo: 1 << 20)
        return Reply(status: Int(response.status.code), headers: response.headers, body: Data(buffer: bytes))
    }

    /// Wrong passwords against each e-mail from each address, all at once; their statuses.
    @discardableResult
    static func attack(_ emails: [String], from addresses: [String], times: Int) async throws -> [Int] {
        try await withThrowingTaskGroup(of: Int.self) { group in
            for email in emails {
                for address in addresses {
                    for _ in 0..<times {
                        group.addTask { try await login(email, "wrong password!", from: address).status }
                    }
                }
            }
            return try await group.reduce(into: []) { $0.append($1) }
        }
    }

    /// An address of its own for each run (the suite's state outlives a run of one test).
    static func address() -> String { "198.51.\(Int.random(in: 0...255)).\(Int.random(in: 1...254))" }

    static func register() async throws -> String {
        let email = "throttle-\(UUID().uuidString.prefix(8).lowercased())@example.com"
        let reply = try await APIClient().post(
            "/api/auth/register", ["email": email, "password": password, "displayName": "Victim", "language": "en"])
        guard reply.status == 202 else { throw TestFailure("register failed: \(reply.status) \(reply.text)") }
        return email
    }

    /// The device token of a successful login: its `hs_device` cookie and its body's deviceToken.
    static func deviceToken(_ reply: Reply) throws -> (cookie: String, body: String) {
        let cookie = try #require(reply.headers["set-cookie"].first { $0.hasPrefix("hs_device=") })
        let value = String(cookie.dropFirst("hs_device=".count).prefix { $0 != ";" })
        return (value, try #require(reply.json["deviceToken"] as? String))
    }

    @Test("an attacker at one address cannot lock out the victim at another: only the pair is locked")
    func attackerAtOneAddress() async throws {
        let email = try await Self.register()
        let attacker = Self.address()
        var statuses: [Int] = []
        for _ in 0..<30 {
            statuses.append(try await Self.login(email, "wrong password!", from: attacker).status)
        }
        #expect(statuses.prefix(5) == [401, 401, 401, 401, 401])
        #expect(statuses.dropFirst(5).allSatisfy { $0 == 429 })
        // Even the right password from the attacker's address waits for the lock to end…
        #expect(try await Self.login(email, Self.password, from: attacker).status == 429)
        // …but the victim, elsewhere, logs in: through the gateway (127.0.0.1) and from another address.
        #expect(
            try await APIClient().post("/api/auth/login", ["email": email, "password": Self.password]).status == 200)
        #expect(try await Self.login(email, Self.password, from: Self.address()).status == 200)
    }

    @Test(
        "a device token of an earlier login lets the victim in while the pair and the account are locked"
    )
    func deviceTokenBeatsTheLock() async throws {
        let email = try await Self.register()
        let home = try await Self.login(email, Self.password, from: Self.address())
        #expect(home.status == 200)
        let token = try Self.deviceToken(home)
        #expect(token.cookie == token.body)
        let cookie = home.headers["set-cookie"].first { $0.hasPrefix("hs_device=") } ?? ""
        #expect(cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict") && cookie.contains("Path=/api/auth"))
        #expect(cookie.contains("Max-Age=\(180 * 86400)"))

        // 4 addresses × 5 failures: each pair locked, and 20 failures lock the account.
        let attackers = (0..<4).map { _ in Self.address() }
        let statuses = try await Self.attack([email], from: attackers, times: 5)
        #expect(statuses.filter { $0 == 401 }.count == 20)
        #expect(try await Self.login(email, Self.password, from: Self.address()).status == 429)  // a 5th address

        // With the device cookie, from a locked pair's address and while the account is locked: in.
        let withCookie = try await Self.login(
            email, Self.password, from: attackers[0], headers: [("Cookie", "hs_device=\(token.cookie)")])
        #expect(withCookie.status == 200)
        // The same token in X-Device-Token (clients without cookies), from anywhere.
        let withHeader = try await Self.login(
            email, Self.password, from: Self.address(), headers: [("X-Device-Token", token.body)])
        #expect(withHeader.status == 200)
        // A wrong password with the device token is a plain 401, counted on the device only.
        let typo = try await Self.login(
            email, "wrong password!", from: attackers[1], headers: [("X-Device-Token", token.body)])
        #expect(typo.status == 401)
    }

    @Test("60 failures from one address across accounts only slow that address down: another account logs in")
    func addressIsNeverLocked() async throws {
        let office = Self.address()
        let sprayed = (0..<20).map { "sprayed-\($0)-\(UUID().uuidString.prefix(6).lowercased())@example.com" }
        let statuses = try await Self.attack(sprayed, from: [office], times: 3)
        #expect(statuses.count == 60)
        #expect(statuses.allSatisfy { $0 == 401 })
        let colleague = try await Self.register()
        #expect(try await Self.login(colleague, Self.password, from: office).status == 200)
        // A colleague's typo from there is still answered (401, not locked), only later.
        let start = ContinuousClock.now
        let typo = try await Self.login(try await Self.register(), "wrong password!", from: office)
        #expect(typo.status == 401)
        #expect(ContinuousClock.now - start >= .milliseconds(400))
    }

    @Test("a forged or tampered device token, or another account's, counts as none")
    func forgedTokensIgnored() async throws {
        let email = try await Self.register()
        let other = try await Self.register()
        let home = Self.address()
        let token = try Self.deviceToken(try await Self.login(email, Self.password, from: home)).body
        let otherToken = try Self.deviceToken(try await Self.login(other, Self.password, from: home)).body
        try await Self.attack([email], from: (0..<4).map { _ in Self.address() }, times: 5)

        var bytes = Array(token.utf8)
        bytes[bytes.count / 2] = bytes[bytes.count / 2] == UInt8(ascii: "A") ? UInt8(ascii: "B") : UInt8(ascii: "A")
        let tampered = String(decoding: bytes, as: UTF8.self)
        let forged = String(repeating: "A", count: token.count)
        for presented in [tampered, forged, otherToken, "not-a-token"] {
            let reply = try await Self.login(
                email, Self.password, from: home, headers: [("X-Device-Token", presented)])
            #expect(reply.status == 429, "token \(presented)")
            let asCookie = try await Self.login(
                email, Self.password, from: home, headers: [("Cookie", "hs_device=\(presented)")])
            #expect(asCookie.status == 429, "cookie \(presented)")
        }
        #expect(
            try await Self.login(email, Self.password, from: home, headers: [("X-Device-Token", token)]).status == 200)
    }

    @Test(
        "the account lock tells the owner; a device token that failed too often is ignored; an unlock clears all"
    )
    func lockAndUnlock() async throws {
        let email = try await Self.register()
        let token = try Self.deviceToken(try await Self.login(email, Self.password, from: Self.address())).body
        let attackers = (0..<4).map { _ in Self.address() }
        try await Self.attack([email], from: attackers, times: 5)
        let locked = try await Self.login(email, Self.password, from: Self.address())
        #expect(locked.status == 429)
        #expect(locked.json["code"] as? String == "login-locked")
        let retryAfter = try #require(locked.headers.first(name: "Retry-After").flatMap(Int.init))
        #expect((1...900).contains(retryAfter))
        let mail = try await eventually("the lock notice") {
            try await MailCatcher().messages(to: email).first { $0.subject?.contains("locked") == true }
        }
        #expect(mail.text?.contains("locked until") == true)

        // Someone with the device (a stolen laptop): 5 failures lock the token; then it is untrusted.
        var statuses: [Int] = []
        for _ in 0..<5 {
            statuses.append(
                try await Self.login(
                    email, "wrong password!", from: attackers[0], headers: [("X-Device-Token", token)]
                ).status)
        }
        #expect(statuses == [401, 401, 401, 401, 401])
        #expect(
            try await Self.login(email, Self.password, from: Self.address(), headers: [("X-Device-Token", token)])
                .status == 429)

        let admin = try await Fixtures().admin()
        let userID = try await Self.userID(email, admin: admin)
        let client = try await Fixtures().newUser().client
        #expect(try await client.send(.POST, "/api/auth/users/\(userID)/unlock", body: nil).status == 403)
        #expect(try await admin.send(.POST, "/api/auth/users/\(userID)/unlock", body: nil).status == 204)
        let connection = try await TestDatabase.connect(as: "auth")
        let rows = try await connection.query(
            "SELECT count(*)::int FROM login_throttle WHERE account = \(email)", logger: Logger(label: "t"))
        let remaining = try await rows.decode(Int.self).firstElement()
        try await connection.close()
        #expect(remaining == 0)
        #expect(try await Self.login(email, Self.password, from: attackers[0]).status == 200)
        #expect(
            try await Self.login(email, Self.password, from: Self.address(), headers: [("X-Device-Token", token)])
                .status == 200)
    }

    @Test("Retry-After tells when the lock ends, and the pair opens again then, not before")
    func retryAfterHonoured() async throws {
        let email = try await Self.register()
        let address = Self.address()
        for _ in 0..<5 {
            _ = try await Self.login(email, "wrong pass!", from: address)
        }
        #expect(try await Self.login(email, Self.password, from: address).status == 429)
        // Instead of waiting 15 minutes, the lock is moved to end in 3 seconds (in auth's own table).
        let connection = try await TestDatabase.connect(as: "auth")
        try await connection.query(
            """
            UPDATE login_throttle SET locked_until = now() + interval '3 seconds'
            WHERE account = \(email) AND locked_until IS NOT NULL
            """,
            logger: Logger(label: "t"))
        try await connection.close()
        let locked = try await Self.login(email, Self.password, from: address)
        #expect(locked.status == 429)
        let retryAfter = try #require(locked.headers.first(name: "Retry-After").flatMap(Int.init))
        try #require((1...3).contains(retryAfter))
        try await Task.sleep(for: .seconds(Double(retryAfter) + 0.3))
        #expect(try await Self.login(email, Self.password, from: address).status == 200)
    }

    @Test("an unknown e-mail answers exactly like a wrong password, and is throttled the same way")
    func noEnumeration() async throws {
        let unknown = try await APIClient().post(
            "/api/auth/login",
            ["email": "nobody-\(UUID().uuidString.prefix(6))@example.com", "password": "wrong password!"])
        let email = try await Fixtures().newUser().email
        let wrong = try await APIClient().post("/api/auth/login", ["email": email, "password": "wrong password!"])
        #expect(unknown.status == 401)
        #expect(wrong.status == 401)
        #expect(unknown.json["detail"] as? String == wrong.json["detail"] as? String)
        #expect(unknown.json["code"] as? String == wrong.json["code"] as? String)
        let address = Self.address()
        let nobody = "nobody-\(UUID().uuidString.prefix(6))@example.com"
        for _ in 0..<5 { _ = try await Self.login(nobody, "wrong password!", from: address) }
        let refused = try await Self.login(nobody, "wrong password!", from: address)
        #expect(refused.status == 429)
        #expect(refused.json["code"] as? String == "login-locked")
    }

    static func userID(_ email: String, admin: APIClient) async throws -> String {
        var cursor: String? = nil
        repeat {
            let page = try await admin.get("/api/auth/users?limit=100" + (cursor.map { "&cursor=\($0)" } ?? ""))
            if let id = (page.json["items"] as? [[String: Any]])?.first(where: { $0["email"] as? String == email })?[
                "id"] as? String
            {
                return id
            }
            cursor = page.json["nextCursor"] as? String
        } while cursor != nil
        throw TestFailure("no user \(email)")
    }
}
