import Configuration
import Mail
import ServiceKit

/// notifications' settings (environment variables in `DOT_CASE`).
///
/// - `smtp.url` (smtp://127.0.0.1:1025), `smtp.from`, `smtp.user`, `smtp.password` (secret),
///   `smtp.starttls` (false: require TLS when true), `smtp.ca.file` (a PEM CA bundle to trust instead of
///   the system's);
/// - `sms.provider` (log | twilio), `sms.twilio.url`, `sms.twilio.account.sid`, `sms.twilio.auth.token`
///   (secret), `sms.from`;
/// - `push.vapid.private.key` (secret, base64url 32 bytes; a random key per start when absent, which
///   breaks subscriptions at each restart), `push.vapid.subject` (mailto:), `push.ttl.seconds` (86400),
///   `push.allow.http` (false; tests only);
/// - `notifications.max.attempts` (8), `notifications.retry.base.ms` (2000: 2 s, 4 s, 8 s… capped at 1 h),
///   `notifications.rate.email|sms|push` (messages per second per replica: 20, 5, 50),
///   `notifications.reminder.lead.minutes` (120), `notifications.digest.hour` (8, local time),
///   `notifications.digest.interval.ms` (30000), `notifications.delivery.idle.ms` (5000: the longest an
///   idle delivery loop sleeps; new deliveries wake it), `notifications.unsubscribe.secret` (secret),
///   `notifications.web.url` (http://127.0.0.1:8080: the base of links in messages).
struct NotificationsConfig: Sendable {
    var smtp: SMTPConfig
    var sms: SMSConfig
    var vapidPrivateKey: String?
    var vapidSubject: String
    var pushTTLSeconds: Int
    var pushAllowHTTP: Bool
    var maxAttempts: Int
    var retryBaseMilliseconds: Int
    var rates: [Channel: Double]
    var reminderLeadMinutes: Int
    var digestHour: Int
    var digestIntervalMilliseconds: Int
    var deliveryIdleMilliseconds: Int
    var unsubscribeSecret: String
    var webURL: String

    init(reader: ConfigReader) throws {
        smtp = SMTPConfig(
            url: reader.string(forKey: "smtp.url", default: "smtp://127.0.0.1:1025"),
            from: reader.string(forKey: "smtp.from", default: "Homestudio <no-reply@homestudio.local>"),
            username: reader.string(forKey: "smtp.user"),
            password: reader.string(forKey: "smtp.password", isSecret: true),
            requireTLS: reader.bool(forKey: "smtp.starttls", default: false),
            caFile: reader.string(forKey: "smtp.ca.file"))
        sms = SMSConfig(
            provider: reader.string(forKey: "sms.provider", default: "log"),
            twilioURL: reader.string(forKey: "sms.twilio.url", default: "https://api.twilio.com"),
            accountSID: reader.string(forKey: "sms.twilio.account.sid", default: ""),
            authToken: reader.string(forKey: "sms.twilio.auth.token", isSecret: true, default: ""),
            from: reader.string(forKey: "sms.from", default: "Homestudio"))
        if sms.provider == "twilio" {
            try ProviderSecrets.require(
                "Twilio SMS", [("sms.twilio.account.sid", sms.accountSID), ("sms.twilio.auth.token", sms.authToken)])
        }
        vapidPrivateKey = reader.string(forKey: "push.vapid.private.key", isSecret: true)
        vapidSubject = reader.string(forKey: "push.vapid.subject", default: "mailto:ops@homestudio.local")
        pushTTLSeconds = reader.int(forKey: "push.ttl.seconds", default: 86400)
        pushAllowHTTP = reader.bool(forKey: "push.allow.http", default: false)
        maxAttempts = reader.int(forKey: "notifications.max.attempts", default: 8)
        retryBaseMilliseconds = reader.int(forKey: "notifications.retry.base.ms", default: 2000)
        rates = [
            .email: reader.double(forKey: "notifications.rate.email", default: 20),
            .sms: reader.double(forKey: "notifications.rate.sms", default: 5),
            .push: reader.double(forKey: "notifications.rate.push", default: 50),
        ]
        reminderLeadMinutes = reader.int(forKey: "notifications.reminder.lead.minutes", default: 120)
        digestHour = reader.int(forKey: "notifications.digest.hour", default: 8)
        digestIntervalMilliseconds = reader.int(forKey: "notifications.digest.interval.ms", default: 30000)
        deliveryIdleMilliseconds = max(50, reader.int(forKey: "notifications.delivery.idle.ms", default: 5000))
        unsubscribeSecret = reader.string(
            forKey: "notifications.unsubscribe.secret", isSecret: true, default: "dev-unsubscribe-secret")
        webURL = reader.string(forKey: "notifications.web.url", default: "http://127.0.0.1:8080")
    }
}
