import Foundation
import Hummingbird
import Persistence
import PostgresNIO
import ServiceKit

/// Web Push subscriptions of the signed-in user (the browser's `PushSubscription.toJSON()`), and
/// the VAPID public key browsers need to subscribe.
struct PushController: Sendable {
    let client: PostgresClient
    let vapid: VAPID
    /// Plain-http endpoints are refused unless configured (local tests).
    let allowHTTP: Bool

    struct Subscription: Codable, Sendable {
        var endpoint: String
        var keys: Keys

        struct Keys: Codable, Sendable {
            var p256dh: String
            var auth: String
        }
    }

    struct Stored: Codable, Sendable, ResponseEncodable {
        var id: UUID
        var endpoint: String
        var createdAt: Date
    }

    func addRoutes(to router: Router<ServiceRequestContext>) {
        router.get("/push/vapid-key", use: vapidKey)
        router.get("/push/subscriptions", use: list)
        router.post("/push/subscriptions", use: subscribe)
        router.delete("/push/subscriptions/:id", use: unsubscribe)
    }

    func vapidKey(_ request: Request, context: ServiceRequestContext) async throws -> Response {
        JSONBody.response(["publicKey": vapid.publicKey])
    }

    func list(_ request: Request, context: ServiceRequestContext) async throws -> Page<Stored> {
        let user = try context.requireIdentity().userID
        let rows = try await client.query(
            "SELECT id, endpoint, created_at FROM push_subscriptions WHERE user_id = \(user) ORDER BY created_at",
            logger: context.logger)
        var items: [Stored] = []
        for try await (id, endpoint, created) in rows.decode((UUID, String, Date).self) {
            items.append(Stored(id: id, endpoint: endpoint, createdAt: created))
        }
        return Page(items: items, nextCursor: nil)
    }

    /// Subscribing the same endpoint again (a browser refreshing its keys) replaces it.
    func subscribe(_ request: Request, context: ServiceRequestContext) async throws -> Response {
        let user = try context.requireIdentity().userID
        let subscription = try await request.decode(as: Subscription.self, context: context)
        let (p256dh, auth) = try validate(subscription)
        let rows = try await client.query(
            """
            INSERT INTO push_subscriptions (id, user_id, endpoint, p256dh, auth)
            VALUES (\(UUID()), \(user), \(subscription.endpoint), \(p256dh), \(auth))
            ON CONFLICT (endpoint) DO UPDATE SET user_id = EXCLUDED.user_id, p256dh = EXCLUDED.p256dh,
                auth = EXCLUDED.auth
            RETURNING id, created_at
            """, logger: context.logger)
        guard let (id, created) = try await rows.decode((UUID, Date).self).firstElement() else {
            throw AppError.notFound("Subscription")
        }
        return JSONBody.response(Stored(id: id, endpoint: subscription.endpoint, createdAt: created), status: .created)
    }

    func unsubscribe(_ request: Request, context: ServiceRequestContext) async throws -> Response {
        let user = try context.requireIdentity().userID
        let id = try context.parameters.require("id", as: UUID.self)
        let rows = try await client.query(
            "DELETE FROM push_subscriptions WHERE id = \(id) AND user_id = \(user) RETURNING id",
            logger: context.logger)
        guard try await rows.decode(UUID.self).allElements().count == 1 else { throw AppError.notFound("Subscription") }
        return Response(status: .noContent)
    }

    private func validate(_ subscription: Subscription) throws -> (Data, Data) {
        var errors: [Problem.FieldError] = []
        let url = URL(string: subscription.endpoint)
        if url?.host == nil || !(url?.scheme == "https" || (allowHTTP && url?.scheme == "http"))
            || subscription.endpoint.count > 2048
        {
            errors.append(.init(field: "endpoint", message: "must be an https URL of a push service"))
        }
        let p256dh = Base64URL.decode(subscription.keys.p256dh)
        if p256dh?.count != 65 || p256dh?.first != 4 {
            errors.append(.init(field: "keys.p256dh", message: "must be an uncompressed P-256 point (65 bytes)"))
        }
        let auth = Base64URL.decode(subscription.keys.auth)
        if auth?.count != 16 { errors.append(.init(field: "keys.auth", message: "must be 16 bytes")) }
        guard errors.isEmpty, let p256dh, let auth else { throw AppError.invalid(errors) }
        return (p256dh, auth)
    }
}
