import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1

/// A small JSON client for the suite's HTTP API (through the gateway).
public struct APIClient: Sendable {
    public let baseURL: String
    public var token: String?

    public init(baseURL: String = TestEnvironment.gatewayURL, token: String? = nil) {
        self.baseURL = baseURL
        self.token = token
    }

    public struct Reply: Sendable {
        public var status: Int
        public var headers: HTTPHeaders
        public var body: Data

        /// The body as a JSON object (empty when it is not one).
        public var json: [String: Any] {
            (try? JSONSerialization.jsonObject(with: body) as? [String: Any]) ?? [:]
        }

        public func decode<T: Decodable>(_: T.Type) throws -> T {
            let decoder = JSONDecoder()
            decoder.dateDecodingStrategy = .iso8601
            return try decoder.decode(T.self, from: body)
        }

        public var text: String { String(decoding: body, as: UTF8.self) }
        public var contentType: String { headers.first(name: "content-type") ?? "" }
    }

    public func get(_ path: String, headers: [String: String] = [:]) async throws -> Reply {
        try await send(.GET, path, body: nil, headers: headers)
    }

    public func post(_ path: String, _ body: [String: Any], headers: [String: String] = [:]) async throws -> Reply {
        try await send(.POST, path, body: try JSONSerialization.data(withJSONObject: body), headers: headers)
    }

    public func send(_ method: HTTPMethod, _ path: String, body: Data?, headers: [String: String] = [:]) async throws
        -> Reply
    {
        var request = HTTPClientRequest(url: baseURL + path)
        request.method = method
        if let token { request.headers.add(name: "Authorization", value: "Bearer \(token)") }
        for (name, value) in headers { request.headers.add(name: name, value: value) }
        if let body {
            request.headers.add(name: "Content-Type", value: "application/json")
            request.body = .bytes(ByteBuffer(data: body))
        }
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(30))
        let bytes = try await response.body.collect(upTo: 8 << 20)
        return Reply(status: Int(response.status.code), headers: response.headers, body: Data(buffer: bytes))
    }
}
