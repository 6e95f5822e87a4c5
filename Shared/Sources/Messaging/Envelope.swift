import Foundation

/// An integration event: a past-tense fact with a routing key `<service>.<entity>.<verb>`.
/// Each consumer declares its own copy of the struct (contracts cross service lines as JSON).
public protocol IntegrationEvent: Codable, Sendable {
    static var type: String { get }
    static var version: Int { get }
}

extension IntegrationEvent {
    public static var version: Int { 1 }
}

/// What travels on the wire: metadata plus the versioned payload.
public struct Envelope<Payload: Codable & Sendable>: Codable, Sendable {
    public var id: UUID
    public var type: String
    public var version: Int
    public var occurredAt: Date
    public var correlationId: UUID?
    public var causationId: UUID?
    public var traceparent: String?
    public var payload: Payload

    public init(
        id: UUID = UUID(), type: String, version: Int, occurredAt: Date = .now, correlationId: UUID? = nil,
        causationId: UUID? = nil, traceparent: String? = nil, payload: Payload
    ) {
        self.id = id
        self.type = type
        self.version = version
        self.occurredAt = occurredAt
        self.correlationId = correlationId
        self.causationId = causationId
        self.traceparent = traceparent
        self.payload = payload
    }
}

/// The metadata of a received envelope, read before the payload type is known.
public struct EventMetadata: Codable, Sendable {
    public var id: UUID
    public var type: String
    public var version: Int
    public var occurredAt: Date
    public var correlationId: UUID?
    public var causationId: UUID?
    public var traceparent: String?
}

/// A received message whose metadata was decoded; the payload is decoded by the handler.
public struct ReceivedEvent: Sendable {
    public var metadata: EventMetadata
    public var body: [UInt8]

    public func decode<E: IntegrationEvent>(_: E.Type) throws -> E {
        try EventCoding.decoder.decode(Envelope<E>.self, from: Data(body)).payload
    }

    /// Causation for events this one leads to: same correlation, caused by this event.
    public var causation: (correlationId: UUID, causationId: UUID) {
        (metadata.correlationId ?? metadata.id, metadata.id)
    }
}

public enum EventCoding {
    public static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .iso8601
        encoder.outputFormatting = [.sortedKeys]
        return encoder
    }()

    public static let decoder: JSONDecoder = {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        return decoder
    }()
}
