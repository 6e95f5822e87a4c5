import AsyncHTTPClient
import Foundation
import Logging
import NIOCore
import Persistence
import PostgresNIO

/// Web Push delivery (RFC 8030): the payload `{"title","body","link","kind"}` encrypted for the
/// subscription (RFC 8291, aes128gcm), POSTed to its endpoint with `TTL`, `Urgency` and VAPID.
/// 201/202: accepted. 404/410: the subscription is gone and is deleted. 429/5xx: retried later.
struct PushSender: ChannelSender {
    let vapid: VAPID
    let http: HTTPClient
    let ttlSeconds: Int

    func send(_ notice: OutgoingNotice, on connection: PostgresConnection, logger: Logger) async throws
        -> SendOutcome
    {
        guard let id = UUID(uuidString: notice.recipient) else { return .gone("not a subscription") }
        let rows = try await connection.query(
            "SELECT endpoint, p256dh, auth FROM push_subscriptions WHERE id = \(id)", logger: logger)
        guard let (endpoint, p256dh, auth) = try await rows.decode((String, Data, Data).self).firstElement(),
            let url = URL(string: endpoint)
        else { return .gone("subscription removed") }
        let payload: [String: String] = [
            "title": notice.message.subject, "body": notice.message.body, "kind": notice.kind,
            "link": notice.link ?? "",
        ]
        let plaintext = try JSONSerialization.data(withJSONObject: payload, options: [.sortedKeys])
        let body = try WebPushEncryption.encrypt(Array(plaintext), userAgentKey: p256dh, authSecret: auth)
        var request = HTTPClientRequest(url: endpoint)
        request.method = .POST
        request.headers.add(name: "Authorization", value: try vapid.authorization(endpoint: url))
        request.headers.add(name: "Content-Encoding", value: "aes128gcm")
        request.headers.add(name: "Content-Type", value: "application/octet-stream")
        request.headers.add(name: "TTL", value: String(ttlSeconds))
        request.headers.add(name: "Urgency", value: Self.urgency(notice.kind))
        request.body = .bytes(ByteBuffer(bytes: body))
        let response = try await http.execute(request, timeout: .seconds(15))
        _ = try? await response.body.collect(upTo: 64 << 10)
        switch response.status.code {
        case 200..<300: return .sent
        case 404, 410:
            try await connection.query("DELETE FROM push_subscriptions WHERE id = \(id)", logger: logger)
            logger.info("push subscription gone, removed", metadata: ["subscriptionId": "\(id)"])
            return .gone("push service answered \(response.status.code)")
        default:
            throw ProviderError(provider: "push", status: Int(response.status.code), detail: "not accepted")
        }
    }

    /// RFC 8030 §5.3: security messages are urgent, marketing can wait for a good moment.
    static func urgency(_ kind: String) -> String {
        if kind.hasPrefix("auth.") || kind.hasPrefix("notifications.alert") { return "high" }
        if kind == "catalog.film.published" || kind == "notifications.digest" { return "low" }
        return "normal"
    }
}
