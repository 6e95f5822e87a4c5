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
/// Login throttling: `auth.login.account.limit` (5) failures per account or
/// `auth.login.address.limit` (50) per client address within `auth.login.window.seconds` (900)
/// lock it for `auth.login.lock.seconds` (900); from the third failure on, answers are delayed
/// progressively from `auth.login.delay.ms` (500). `auth.reset.token.ttl.seconds` (1800): how long a
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
        throttle = LoginThrottle.Policy(
            accountLimit: reader.int(forKey: "auth.login.account.limit", default: 5),
            addressLimit: reader.int(forKey: "auth.login.address.limit", default: 50),
            window: TimeInterval(reader.int(forKey: "auth.login.window.seconds", default: 900)),
            lockDuration: TimeInterval(reader.int(forKey: "auth.login.lock.seconds", default: 900)),
            delayBase: .milliseconds(reader.int(forKey: "auth.login.delay.ms", default: 500)))
    }
}
