import AsyncHTTPClient
import Foundation
import Logging
import NIOCore
import PostgresNIO

/// SMS settings: `sms.provider` (log | twilio), `sms.twilio.url` (https://api.twilio.com),
/// `sms.twilio.account.sid`, `sms.twilio.auth.token` (secret), `sms.from`.
struct SMSConfig: Sendable {
    var provider: String
    var twilioURL: String
    var accountSID: String
    var authToken: String
    var from: String
}

/// Twilio's Messages resource: `POST /2010-04-01/Accounts/{AccountSid}/Messages.json`,
/// form-encoded `To`, `From`, `Body`, HTTP Basic with the account SID and auth token; 201 with
/// the message's `sid`. 429 and 5xx are retried later; 4xx errors carry Twilio's `code` and
/// `message`.
struct TwilioSMS: ChannelSender {
    let config: SMSConfig
    let http: HTTPClient

    func send(_ notice: OutgoingNotice, on connection: PostgresConnection, logger: Logger) async throws
        -> SendOutcome
    {
        var request = HTTPClientRequest(
            url: "\(config.twilioURL)/2010-04-01/Accounts/\(config.accountSID)/Messages.json")
        request.method = .POST
        let credentials = Data("\(config.accountSID):\(config.authToken)".utf8).base64EncodedString()
        request.headers.add(name: "Authorization", value: "Basic \(credentials)")
        request.headers.add(name: "Content-Type", value: "application/x-www-form-urlencoded")
        request.body = .bytes(
            ByteBuffer(
                string: Self.form([
                    ("To", notice.recipient), ("From", config.from), ("Body", notice.message.body),
                ])))
        let response = try await http.execute(request, timeout: .seconds(15))
        let body = try await response.body.collect(upTo: 1 << 20)
        let json = (try? JSONSerialization.jsonObject(with: Data(buffer: body))) as? [String: Any] ?? [:]
        guard response.status.code == 201 || response.status.code == 200 else {
            let detail = "\(json["code"] ?? "?") \(json["message"] ?? response.status.reasonPhrase)"
            throw ProviderError(provider: "twilio", status: Int(response.status.code), detail: detail)
        }
        logger.info("sms accepted", metadata: ["deliveryId": "\(notice.deliveryID)", "sid": "\(json["sid"] ?? "")"])
        return .sent
    }

    static func form(_ fields: [(String, String)]) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        return fields.map { name, value in
            "\(name)=\(value.addingPercentEncoding(withAllowedCharacters: allowed) ?? "")"
        }.joined(separator: "&")
    }
}

/// Development: the SMS is only logged (its length, never its text: it may hold a code).
struct LogSMS: ChannelSender {
    func send(_ notice: OutgoingNotice, on connection: PostgresConnection, logger: Logger) async throws
        -> SendOutcome
    {
        logger.info(
            "sms (log provider, not sent)",
            metadata: ["deliveryId": "\(notice.deliveryID)", "characters": "\(notice.message.body.count)"])
        return .sent
    }
}
