import Configuration
import Mail
import Messaging
import ServiceRuntime

/// Wiring of the notifications service.
enum NotificationsService {
    static func blueprint(reader: ConfigReader) throws -> ServiceBlueprint {
        let smtp = try NotificationsConfig(reader: reader)
        let templates = try MailTemplates()
        return ServiceBlueprint(
            name: "notifications", migrations: NotificationsMigrations.all, openAPI: NotificationsOpenAPI.document,
            handlers: { _ in
                let outbox = DeliveryQueue(templates: templates, from: smtp.smtp.from, webURL: smtp.webURL)
                var handlers = EventHandlers()
                handlers.on(BookingConfirmed.self) { event, received, connection, logger in
                    try await outbox.enqueue(.bookingConfirmed(event), event: received, on: connection, logger: logger)
                }
                handlers.on(UserRegistered.self) { event, received, connection, logger in
                    try await outbox.enqueue(.userRegistered(event), event: received, on: connection, logger: logger)
                }
                handlers.on(RegistrationRepeated.self) { event, received, connection, logger in
                    try await outbox.enqueue(
                        .registrationRepeated(event), event: received, on: connection, logger: logger)
                }
                handlers.on(UserLocked.self) { event, received, connection, logger in
                    try await outbox.enqueue(.userLocked(event), event: received, on: connection, logger: logger)
                }
                handlers.on(PasswordResetRequested.self) { event, received, connection, logger in
                    try await outbox.enqueue(
                        .passwordResetRequested(event), event: received, on: connection, logger: logger)
                }
                handlers.on(PasswordChanged.self) { event, received, connection, logger in
                    try await outbox.enqueue(.passwordChanged(event), event: received, on: connection, logger: logger)
                }
                return handlers
            },
            backgroundServices: { dependencies in
                [
                    DeliveryWorker(
                        client: dependencies.database, mailer: SMTPMailer(config: smtp.smtp),
                        maxAttempts: smtp.maxAttempts,
                        logger: dependencies.logger)
                ]
            },
            routes: { router, dependencies in
                DeliveryController(client: dependencies.database).addRoutes(to: router)
            })
    }
}

/// notifications' settings.
///
/// Keys: `smtp.url` (smtp://127.0.0.1:1025), `smtp.from` (Homestudio <no-reply@homestudio.local>),
/// `smtp.user`, `smtp.password` (secret), `smtp.starttls` (false: require TLS when true),
/// `notifications.max.attempts` (8), `notifications.web.url` (http://127.0.0.1:8080: the base of links
/// in messages, such as password reset).
struct NotificationsConfig: Sendable {
    var smtp: SMTPConfig
    var maxAttempts: Int
    var webURL: String

    init(reader: ConfigReader) throws {
        smtp = SMTPConfig(
            url: reader.string(forKey: "smtp.url", default: "smtp://127.0.0.1:1025"),
            from: reader.string(forKey: "smtp.from", default: "Homestudio <no-reply@homestudio.local>"),
            username: reader.string(forKey: "smtp.user"),
            password: reader.string(forKey: "smtp.password", isSecret: true),
            requireTLS: reader.bool(forKey: "smtp.starttls", default: false))
        maxAttempts = reader.int(forKey: "notifications.max.attempts", default: 8)
        webURL = reader.string(forKey: "notifications.web.url", default: "http://127.0.0.1:8080")
    }
}
