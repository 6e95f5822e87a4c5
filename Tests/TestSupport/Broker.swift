import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1

/// The test broker's management API (queue depths, peeking at parked messages).
public struct BrokerManagement: Sendable {
    public init() {}

    var base: String { "http://127.0.0.1:\(TestEnvironment.amqpManagementPort)/api" }

    func request(_ path: String, method: HTTPMethod = .GET, body: String? = nil) async throws -> Data {
        var request = HTTPClientRequest(url: base + path)
        request.method = method
        request.headers.add(name: "Authorization", value: "Basic " + Data("guest:guest".utf8).base64EncodedString())
        if let body {
            request.headers.add(name: "Content-Type", value: "application/json")
            request.body = .bytes(ByteBuffer(string: body))
        }
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(10))
        let bytes = try await response.body.collect(upTo: 8 << 20)
        guard response.status.code < 300 else { throw TestFailure("management API \(path): \(response.status)") }
        return Data(buffer: bytes)
    }

    /// The parked messages of a queue, without removing them: body and reason.
    public func peek(queue: String) async throws -> [(body: String, reason: String?)] {
        let data = try await request(
            "/queues/%2F/\(queue)/get", method: .POST,
            body: #"{"count":100,"ackmode":"ack_requeue_true","encoding":"auto"}"#)
        let messages = (try JSONSerialization.jsonObject(with: data) as? [[String: Any]]) ?? []
        return messages.map { message in
            let headers = (message["properties"] as? [String: Any])?["headers"] as? [String: Any]
            return (message["payload"] as? String ?? "", headers?["x-parked-reason"] as? String)
        }
    }
}
