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

    /// A queue of this test's own that receives copies of the events with `routingKey` from now on
    /// (it expires two minutes after its last use); read it with `peek(queue:)`.
    public func tap(_ routingKey: String) async throws -> String {
        let queue = "test-tap-\(UUID().uuidString.prefix(8).lowercased())"
        _ = try await request(
            "/queues/%2F/\(queue)", method: .PUT, body: #"{"durable":false,"arguments":{"x-expires":120000}}"#)
        _ = try await request(
            "/bindings/%2F/e/homestudio.events/q/\(queue)", method: .POST, body: #"{"routing_key":"\#(routingKey)"}"#)
        return queue
    }

    /// The events of a tap queue, decoded: their `payload` objects.
    public func payloads(_ queue: String) async throws -> [[String: Any]] {
        try await peek(queue: queue).compactMap { message in
            let json = try? JSONSerialization.jsonObject(with: Data(message.body.utf8)) as? [String: Any]
            return json?["payload"] as? [String: Any]
        }
    }
}
