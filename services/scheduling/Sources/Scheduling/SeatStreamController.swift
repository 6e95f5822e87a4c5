import Foundation
import Hummingbird
import ServiceKit

/// `GET /screenings/{id}/seats/live`: the seat map as server-sent events (public). The first
/// `seats` event is the whole map; another follows every change (bursts coalesced), and a comment
/// line every 15 s keeps proxies from closing an idle stream.
struct SeatStreamController: Sendable {
    let screenings: ScreeningRepository
    let hub: SeatChangeHub
    static let heartbeat: Duration = .seconds(15)

    func addRoutes(to router: Router<ServiceRequestContext>) {
        router.get("/screenings/:id/seats/live", use: stream)
    }

    func stream(_ request: Request, context: ServiceRequestContext) async throws -> Response {
        let id = try context.parameters.require("id", as: UUID.self)
        let first = try await screenings.seatMap(id, logger: context.logger)
        guard !first.isEmpty else { throw AppError.notFound("Screening") }
        let (signals, continuation) = await hub.subscribe(id)
        let screenings = self.screenings
        let logger = context.logger
        let body = ResponseBody { writer in
            let beat = Task {
                while !Task.isCancelled {
                    try await Task.sleep(for: Self.heartbeat)
                    continuation.yield(.heartbeat)
                }
            }
            defer {
                beat.cancel()
                continuation.finish()
            }
            try await writer.write(Self.event(first))
            for await signal in signals {
                switch signal {
                case .heartbeat: try await writer.write(ByteBuffer(string: ": keep-alive\n\n"))
                case .changed: try await writer.write(Self.event(try await screenings.seatMap(id, logger: logger)))
                }
            }
            try await writer.finish(nil)
        }
        return Response(
            status: .ok,
            headers: [.contentType: "text/event-stream", .cacheControl: "no-store", .init("X-Accel-Buffering")!: "no"],
            body: body)
    }

    static func event(_ seats: [SeatState]) -> ByteBuffer {
        let data = (try? JSONBody.encoder.encode(Page(items: seats, nextCursor: nil))) ?? Data("{}".utf8)
        return ByteBuffer(string: "event: seats\ndata: \(String(decoding: data, as: UTF8.self))\n\n")
    }
}
