import Foundation
import Logging
import PostgresNIO

/// The handlers of one consuming service, keyed by event type.
/// A handler runs inside the transaction that also records the event in the inbox.
public struct EventHandlers: Sendable {
    public typealias Handler = @Sendable (ReceivedEvent, PostgresConnection, Logger) async throws -> Void
    var handlers: [String: Handler] = [:]

    public init() {}

    public var types: [String] { handlers.keys.sorted() }

    /// Registers a typed handler; a payload that does not decode is parked as malformed.
    public mutating func on<E: IntegrationEvent>(
        _: E.Type, _ handle: @escaping @Sendable (E, ReceivedEvent, PostgresConnection, Logger) async throws -> Void
    ) {
        handlers[E.type] = { received, connection, logger in
            let event: E
            do { event = try received.decode(E.self) } catch { throw MalformedEvent(reason: "\(error)") }
            try await handle(event, received, connection, logger)
        }
    }

    func handler(for type: String) -> Handler? { handlers[type] }
}

/// A message that can never be processed: parked at once, never retried.
public struct MalformedEvent: Error, CustomStringConvertible {
    public var reason: String
    public init(reason: String) { self.reason = reason }
    public var description: String { "malformed event: \(reason)" }
}
