import Foundation
import Logging
import PostgresNIO
import ServiceLifecycle

/// Live seat maps. Every transaction that changes a screening's seats sends a NOTIFY on
/// `seat_changes` (delivered at commit, to every replica); each replica LISTENs once and wakes the
/// server-sent-event streams of that screening through its hub.
enum SeatChanges {
    static let channel = "seat_changes"

    static func notify(_ screening: UUID, _ connection: PostgresConnection, _ logger: Logger) async throws {
        try await connection.query(
            "SELECT pg_notify(\(channel), \(screening.uuidString.lowercased()))", logger: logger)
    }
}

/// The open seat-map streams of this replica, by screening.
actor SeatChangeHub {
    enum Signal: Sendable {
        case changed
        case heartbeat
    }

    private var streams: [UUID: [UUID: AsyncStream<Signal>.Continuation]] = [:]

    /// A stream of signals for one screening; ends its subscription when the stream is dropped.
    func subscribe(_ screening: UUID) -> (AsyncStream<Signal>, AsyncStream<Signal>.Continuation) {
        let (stream, continuation) = AsyncStream.makeStream(of: Signal.self, bufferingPolicy: .bufferingNewest(1))
        let id = UUID()
        streams[screening, default: [:]][id] = continuation
        continuation.onTermination = { _ in Task { await self.remove(screening, id) } }
        return (stream, continuation)
    }

    func publish(_ screening: UUID) {
        for continuation in streams[screening]?.values ?? [:].values { continuation.yield(.changed) }
    }

    var subscriberCount: Int { streams.values.reduce(0) { $0 + $1.count } }

    private func remove(_ screening: UUID, _ id: UUID) {
        streams[screening]?[id] = nil
        if streams[screening]?.isEmpty == true { streams[screening] = nil }
    }
}

/// LISTENs on `seat_changes` and forwards each notification to the hub; reconnects after errors.
struct SeatChangeListener: Service {
    let client: PostgresClient
    let hub: SeatChangeHub
    let logger: Logger

    func run() async throws {
        await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                do {
                    try await client.withConnection { connection in
                        try await connection.listen(on: SeatChanges.channel) { notifications in
                            for try await notification in notifications {
                                if let screening = UUID(uuidString: notification.payload) {
                                    await hub.publish(screening)
                                }
                            }
                        }
                    }
                } catch {
                    logger.debug("seat change listener interrupted", metadata: ["error": "\(error)"])
                }
                try? await Task.sleep(for: .seconds(1))
            }
        }
    }
}
