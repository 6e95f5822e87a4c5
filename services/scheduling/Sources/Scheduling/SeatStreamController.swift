import Foundation
import Hummingbird
import ServiceKit
import ServiceRuntime

/// `GET /screenings/{id}/seats/live`: the seat map as server-sent events (public). The first
/// `seats` event is the whole map; another follows every change (bursts coalesced), and a comment
/// line every 15 s keeps proxies from closing an idle stream.
struct SeatStreamController: Sendable {
    let screenings: ScreeningRepository
    let hub: ChangeHub
    static let heartbeat: Duration = .seconds(15)

    func addRoutes(to router: Router<ServiceRequestContext>) {
        router.get("/screenings/:id/seats/live", use: stream)
    }

    func stream(_ request: Request, context: ServiceRequestContext) async throws -> Response {
        let id = try context.parameters.require("id", as: UUID.self)
        let first = try await screenings.seatMap(id, logger: context.logger)
        guard !first.isEmpty else { throw AppError.notFound("Screening") }
        let screenings = self.screenings
        let logger = context.logger
        let body = await EventStream.body(
            hub: hub, key: SeatChanges.key(id), heartbeat: Self.heartbeat, first: Self.event(first)
        ) {
            Self.event(try await screenings.seatMap(id, logger: logger))
        }
        return Response(
            status: .ok, headers: EventStream.headers, body: body)
    }

    static func event(_ seats: [SeatState]) -> ByteBuffer {
        let data = (try? JSONBody.encoder.encode(Page(items: seats, nextCursor: nil))) ?? Data("{}".utf8)
        return ByteBuffer(string: "event: seats\ndata: \(String(decoding: data, as: UTF8.self))\n\n")
    }
}
