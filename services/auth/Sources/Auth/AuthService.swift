import Configuration
import Hummingbird
import ServiceKit
import ServiceRuntime

/// Wiring of the auth service.
enum AuthService {
    static func blueprint(reader: ConfigReader) throws -> ServiceBlueprint {
        let config = try AuthConfig(reader: reader)
        let passwords = PasswordHasher(cost: config.bcryptCost)
        return ServiceBlueprint(
            name: "auth", migrations: AuthMigrations.all + [RetentionRule.messagingMigration],
            openAPI: AuthOpenAPI.document,
            backgroundServices: { dependencies in
                [RetentionJob(dependencies, rules: AuthRetention.rules(throttleWindow: config.throttle.window))]
            },
            afterMigrations: { dependencies in
                let users = PostgresUserRepository(client: dependencies.database, logger: dependencies.logger)
                try await AdminBootstrap(
                    config: config, users: users, passwords: passwords, logger: dependencies.logger
                )
                .run()
            },
            routes: { router, dependencies in
                let keys = SigningKeyStore(
                    client: dependencies.database, encryptionKey: config.keyEncryptionKey, policy: config.keyPolicy,
                    logger: dependencies.logger)
                let users = PostgresUserRepository(client: dependencies.database, logger: dependencies.logger)
                let issuer = TokenIssuer(keys: keys, config: config)
                let sessions = SessionStore(
                    client: dependencies.database, idleLifetime: config.sessionIdleLifetime,
                    absoluteLifetime: config.sessionAbsoluteLifetime)
                let throttle = LoginThrottle(client: dependencies.database, policy: config.throttle)
                AccountController(
                    users: users, issuer: issuer, passwords: passwords, sessions: sessions, throttle: throttle,
                    cookies: config.cookies, deviceCookie: config.deviceCookie
                )
                .addRoutes(to: router)
                SessionController(users: users, issuer: issuer, sessions: sessions, cookies: config.cookies).addRoutes(
                    to: router)
                let reset = PasswordReset(
                    client: dependencies.database, lifetime: config.resetTokenLifetime, logger: dependencies.logger)
                PasswordResetController(users: users, reset: reset, passwords: passwords).addRoutes(to: router)
                ProfileController(users: users, passwords: passwords, throttle: throttle).addRoutes(to: router)
                JWKSController(keys: keys).addRoutes(to: router)
                DashboardController(client: dependencies.database).addRoutes(to: router)
            })
    }
}
