import Foundation
import Hummingbird
import NIOCore

/// A local stand-in for Twilio's Messages resource
/// (https://www.twilio.com/docs/messaging/api/message-resource#create-a-message-resource):
/// `POST /2010-04-01/Accounts/{AccountSid}/Messages.json`, form-encoded `To`, `From`, `Body`, HTTP
/// Basic with the account SID and auth token; 201 with a JSON message (`sid`, `status: queued`).
/// A number listed in `failing` gets Twilio's 500 error shape; a wrong credential gets 401
/// (Twilio error 20003).
public actor FakeTwilio {
    public struct Message: Sendable {
        public var account: String
        public var to: String
        public var from: String
        public var body: String
    }

    public private(set) var messages: [Message] = []
    public private(set) var attempts: [String: Int] = [:]
    private var failing: Set<String> = []
    /// The start-up, shared by concurrent callers of `start` (the port it bound).
    private var server: Task<Int, any Error>?

    /// The one fake of the test process, on the port notifications was configured with.
    public static let shared = FakeTwilio()

    public init() {}

    public func start(port: Int) async throws {
        if let server {
            _ = try await server.value
            return
        }
        let router = Router()
        router.post("/2010-04-01/Accounts/:account/Messages.json") { request, context in
            try await self.create(request, account: try context.parameters.require("account"))
        }
        let launching = Task { try await launch(router, port: port).port }
        server = launching
        _ = try await launching.value
    }

    /// Makes every message to `number` fail with a 500 (an outage on Twilio's side).
    public func fail(_ number: String) { failing.insert(number) }

    public func messages(to number: String) -> [Message] { messages.filter { $0.to == number } }

    private func create(_ request: Request, account: String) async throws -> Response {
        let raw = String(buffer: try await request.body.collect(upTo: 1 << 20))
        var form: [String: String] = [:]
        for pair in raw.split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1).map {
                String($0).replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? ""
            }
            if parts.count == 2 { form[parts[0]] = parts[1] }
        }
        let to = form["To"] ?? ""
        attempts[to, default: 0] += 1
        let basic = request.headers[.authorization].flatMap { header -> String? in
            guard header.hasPrefix("Basic ") else { return nil }
            return Data(base64Encoded: String(header.dropFirst(6))).map { String(decoding: $0, as: UTF8.self) }
        }
        guard let basic, basic.hasPrefix("\(account):"), basic.count > account.count + 1 else {
            return Self.reply(401, ["code": 20003, "message": "Authenticate", "status": 401])
        }
        guard let body = form["Body"], !body.isEmpty, to.hasPrefix("+") else {
            return Self.reply(
                400, ["code": 21604, "message": "A 'To' phone number and a 'Body' are required.", "status": 400])
        }
        if failing.contains(to) {
            return Self.reply(500, ["code": 20500, "message": "Internal Server Error", "status": 500])
        }
        messages.append(Message(account: account, to: to, from: form["From"] ?? "", body: body))
        let sid = "SM" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased()
        return Self.reply(
            201,
            [
                "sid": sid, "account_sid": account, "to": to, "from": form["From"] ?? "", "body": body,
                "status": "queued", "num_segments": "1", "direction": "outbound-api",
            ])
    }

    static func reply(_ status: Int, _ object: [String: Any]) -> Response {
        let body = (try? JSONSerialization.data(withJSONObject: object)) ?? Data()
        return Response(
            status: .init(code: status), headers: [.contentType: "application/json"],
            body: .init(byteBuffer: ByteBuffer(data: body)))
    }
}
