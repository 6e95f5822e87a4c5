import Configuration
import Crypto
import Foundation

/// auth's settings.
///
/// Keys: `auth.issuer` (homestudio-auth), `auth.audience` (homestudio),
/// `auth.access.token.ttl.seconds` (900), `bcrypt.cost` (12; tests use 4),
/// `auth.key.encryption.key` (required, secret: encrypts signing keys at rest),
/// `auth.bootstrap.admin.email` and `auth.bootstrap.admin.password` (secret): the super admin
/// created at first start when no super admin exists; `auth.session.idle.seconds` (7 days) and
/// `auth.session.absolute.seconds` (30 days): a session ends when its refresh token has not been
/// used for the idle time, and in any case at its absolute lifetime.
/// Login throttling (see `LoginThrottle`), failures counted within `auth.login.window.seconds` (900):
/// `auth.login.pair.limit` (5) failures of one client address against one account lock that pair,
/// `auth.login.account.limit` (20) failures of untrusted clients lock the account for them,
/// `auth.login.device.limit` (5) failures of a client with a device token lock that token, each for
/// `auth.login.lock.seconds` (900); failures from one address are never locked, but past
/// `auth.login.address.slowdown` (20) they are answered progressively later; from a key's third
/// failure on, answers wait progressively from `auth.login.delay.ms` (500), up to 16 times that.
/// Device tokens (`hs_device`, see `DeviceCookie`) last `auth.device.cookie.days` (180) and are
/// signed with a key derived from `auth.key.encryption.key`. `auth.reset.token.ttl.seconds` (1800): how long a
/// password-reset link works. Signing keys: `auth.key.rotation.days` (30; 0: only by hand) and
/// `auth.key.prepublish.seconds` (120): how long a new key is in the JWKS before it signs; keep it
/// above the JWKS cache time (60 s) and the verifiers' minimum refresh interval (10 s).
/// Browser sessions: `auth.cookie.secure` (true; false only for plain-HTTP development on another
/// host than localhost) and `auth.cookie.path` (/api/auth, the gateway path of auth's routes).
struct AuthConfig: Sendable {
    var issuer: String
    var audience: String
    var accessTokenLifetime: TimeInterval
    var bcryptCost: Int
    var keyEncryptionKey: SymmetricKey
    var bootstrapAdminEmail: String?
    var bootstrapAdminPassword: String?
    var sessionIdleLifetime: TimeInterval
    var throttle: LoginThrottle.Policy
    var resetTokenLifetime: TimeInterval
    var sessionAbsoluteLifetime: TimeInterval
    var keyPolicy: SigningKeyStore.Policy
    var cookies: CookieSession
    var deviceCookie: DeviceCookie

    init(reader: ConfigReader) throws {
        issuer = reader.string(forKey: "auth.issuer", default: "homestudio-auth")
        audience = reader.string(forKey: "auth.audience", default: "homestudio")
        accessTokenLifetime = TimeInterval(reader.int(forKey: "auth.access.token.ttl.seconds", default: 900))
        bcryptCost = reader.int(forKey: "bcrypt.cost", default: 12)
        let secret = try reader.requiredString(forKey: "auth.key.encryption.key", isSecret: true)
        keyEncryptionKey = HKDF<SHA256>.deriveKey(
            inputKeyMaterial: SymmetricKey(data: Data(secret.utf8)), info: Data("homestudio signing keys".utf8),
            outputByteCount: 32)
        bootstrapAdminEmail = reader.string(forKey: "auth.bootstrap.admin.email")
        bootstrapAdminPassword = reader.string(forKey: "auth.bootstrap.admin.password", isSecret: true)
        sessionIdleLifetime = TimeInterval(reader.int(forKey: "auth.session.idle.seconds", default: 7 * 86400))
        sessionAbsoluteLifetime = TimeInterval(reader.int(forKey: "auth.session.absolute.seconds", default: 30 * 86400))
        resetTokenLifetime = TimeInterval(reader.int(forKey: "auth.reset.token.ttl.seconds", default: 1800))
        cookies = CookieSession(
            secure: reader.bool(forKey: "auth.cookie.secure", default: true),
            path: reader.string(forKey: "auth.cookie.path", default: "/api/auth"), maxAge: Int(sessionAbsoluteLifetime))
        keyPolicy = SigningKeyStore.Policy(
            tokenLifetime: accessTokenLifetime,
            prepublish: TimeInterval(reader.int(forKey: "auth.key.prepublish.seconds", default: 120)),
            rotationInterval: TimeInterval(reader.int(forKey: "auth.key.rotation.days", default: 30) * 86400))
        deviceCookie = DeviceCookie(
            key: HKDF<SHA256>.deriveKey(
                inputKeyMaterial: SymmetricKey(data: Data(secret.utf8)), info: Data("homestudio device cookies".utf8),
                outputByteCount: 32),
            lifetime: TimeInterval(reader.int(forKey: "auth.device.cookie.days", default: 180) * 86400),
            secure: cookies.secure, path: cookies.path)
        throttle = LoginThrottle.Policy(
            pairLimit: reader.int(forKey: "auth.login.pair.limit", default: 5),
            accountLimit: reader.int(forKey: "auth.login.account.limit", default: 20),
            deviceLimit: reader.int(forKey: "auth.login.device.limit", default: 5),
            addressSlowdown: reader.int(forKey: "auth.login.address.slowdown", default: 20),
            window: TimeInterval(reader.int(forKey: "auth.login.window.seconds", default: 900)),
            lockDuration: TimeInterval(reader.int(forKey: "auth.login.lock.seconds", default: 900)),
            delayBase: .milliseconds(reader.int(forKey: "auth.login.delay.ms", default: 500)))
    }
}
