import AsyncHTTPClient
import Configuration
import Mail
import Messaging
import ServiceKit
import ServiceRuntime

/// Wiring of the notifications service.
enum NotificationsService {
    static func blueprint(reader: ConfigReader) throws -> ServiceBlueprint {
        let config = try NotificationsConfig(reader: reader)
        let templates = TemplateStore()
        let links = UnsubscribeLinks(secret: config.unsubscribeSecret, baseURL: config.webURL)
        let dispatcher = Dispatcher(
            settings: .init(webURL: config.webURL, digestHour: config.digestHour, unsubscribe: links),
            templates: templates)
        let vapid = try VAPID(rawKey: config.vapidPrivateKey, subject: config.vapidSubject)
        let hub = ChangeHub()
        return ServiceBlueprint(
            name: "notifications", migrations: NotificationsMigrations.all + [RetentionRule.messagingMigration],
            openAPI: NotificationsOpenAPI.document,
            handlers: { _ in
                EventRouting(
                    dispatcher: dispatcher, alerts: AlertRules(dispatcher: dispatcher),
                    reminderLeadSeconds: config.reminderLeadMinutes * 60
                ).handlers
            },
            backgroundServices: { dependencies in
                [
                    DeliveryWorker(
                        client: dependencies.database, templates: templates,
                        senders: senders(config, vapid), limiter: RateLimiter(rates: config.rates),
                        retryBase: .milliseconds(config.retryBaseMilliseconds), maxAttempts: config.maxAttempts,
                        hub: hub, idleWait: .milliseconds(config.deliveryIdleMilliseconds), logger: dependencies.logger),
                    DigestWorker(
                        client: dependencies.database, dispatcher: dispatcher,
                        interval: .milliseconds(config.digestIntervalMilliseconds), logger: dependencies.logger),
                    ChangeListener(
                        channel: FeedSender.channel, client: dependencies.database, hub: hub,
                        logger: dependencies.logger),
                    RetentionJob(dependencies, rules: NotificationsRetention.rules),
                ]
            },
            afterMigrations: { dependencies in
                try await templates.seed(dependencies.database, logger: dependencies.logger)
            },
            routes: { router, dependencies in
                let client = dependencies.database
                DeliveryController(client: client).addRoutes(to: router)
                TemplateController(client: client, store: templates).addRoutes(to: router)
                PreferencesController(client: client, links: links).addRoutes(to: router)
                FeedController(client: client, hub: hub).addRoutes(to: router)
                PushController(client: client, vapid: vapid, allowHTTP: config.pushAllowHTTP).addRoutes(to: router)
                AlertController(client: client).addRoutes(to: router)
            })
    }

    static func senders(_ config: NotificationsConfig, _ vapid: VAPID) -> [Channel: any ChannelSender] {
        let sms: any ChannelSender =
            config.sms.provider == "twilio" ? TwilioSMS(config: config.sms, http: .outbound) : LogSMS()
        return [
            .email: EmailSender(mailer: SMTPMailer(config: config.smtp)), .sms: sms,
            .push: PushSender(vapid: vapid, http: .outbound, ttlSeconds: config.pushTTLSeconds), .inapp: FeedSender(),
        ]
    }
}
