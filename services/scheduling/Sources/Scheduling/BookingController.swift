import Foundation
import Hummingbird
import ServiceKit

/// Holding seats and reading one's bookings.
struct BookingController: Sendable {
    let bookings: BookingRepository

    func addRoutes(to router: Router<ServiceRequestContext>) {
        router.post("/screenings/:id/holds", use: hold)
        router.get("/bookings/:id", use: show)
        router.get("/me/bookings", use: mine)
        router.post("/bookings/:id/extend", use: extend)
        router.post("/bookings/:id/release", use: release)
        router.post("/bookings/:id/cancel", use: cancel)
    }

    /// The owner cancels a paid booking before the cutoff; payments refunds it less the fee.
    func cancel(_ request: Request, context: ServiceRequestContext) async throws -> Response {
        let identity = try context.requireIdentity()
        let id = try context.parameters.require("id", as: UUID.self)
        try await bookings.cancelByCustomer(id, user: identity.userID, logger: context.logger)
        context.logger.notice("booking cancelled by its owner", metadata: ["bookingId": "\(id)"])
        return Response(status: .accepted)
    }

    struct Extended: ResponseCodable {
        var expiresAt: Date
    }

    /// One extension of a hold (the owner's).
    func extend(_ request: Request, context: ServiceRequestContext) async throws -> Extended {
        let identity = try context.requireIdentity()
        let id = try context.parameters.require("id", as: UUID.self)
        return Extended(expiresAt: try await bookings.extendHold(id, user: identity.userID, logger: context.logger))
    }

    /// Gives the held seats back before paying (the owner's).
    func release(_ request: Request, context: ServiceRequestContext) async throws -> Response {
        let identity = try context.requireIdentity()
        let id = try context.parameters.require("id", as: UUID.self)
        try await bookings.releaseHold(id, user: identity.userID, logger: context.logger)
        return Response(status: .noContent)
    }

    struct HoldInput: Decodable {
        var seatIds: [UUID]
        /// Seat id → adult, child, student or senior (adult when absent).
        var audiences: [String: String]?
    }

    func hold(_ request: Request, context: ServiceRequestContext) async throws -> Response {
        let identity = try context.requireIdentity()
        let screening = try context.parameters.require("id", as: UUID.self)
        let input = try await request.decode(as: HoldInput.self, context: context)
        guard (1...10).contains(input.seatIds.count), Set(input.seatIds).count == input.seatIds.count else {
            throw AppError.invalid("seatIds", "must list 1 to 10 different seats")
        }
        var audiences: [UUID: String] = [:]
        for (seat, audience) in input.audiences ?? [:] {
            guard let id = UUID(uuidString: seat), input.seatIds.contains(id), Pricing.audiences.contains(audience)
            else {
                throw AppError.invalid(
                    "audiences", "must map held seat ids to adult, child, student or senior")
            }
            audiences[id] = audience
        }
        let id = try await bookings.hold(
            screeningID: screening, seatIDs: input.seatIds, audiences: audiences, identity: identity,
            logger: context.logger)
        context.logger.info("seats held", metadata: ["bookingId": "\(id)", "seats": "\(input.seatIds.count)"])
        HoldMetrics.count("created")
        guard let booking = try await bookings.find(id, logger: context.logger) else {
            throw AppError.notFound("Booking")
        }
        return JSONBody.response(booking, status: .created, headers: [.location: "/bookings/\(id)"])
    }

    func show(_ request: Request, context: ServiceRequestContext) async throws -> Booking {
        let identity = try context.requireIdentity()
        let id = try context.parameters.require("id", as: UUID.self)
        guard let booking = try await bookings.find(id, logger: context.logger),
            booking.userId == identity.userID || identity.has("bookings:manage")
        else { throw AppError.notFound("Booking") }
        return booking
    }

    func mine(_ request: Request, context: ServiceRequestContext) async throws -> Page<Booking> {
        let identity = try context.requireIdentity()
        return try await bookings.list(
            user: identity.userID, page: PageRequest(request: request), logger: context.logger)
    }
}
