import Foundation
import Hummingbird
import ServiceKit

/// Staff manage promo codes (promotions:write); buyers check one against their held booking
/// (`POST /promo-codes/check`, nothing reserved) and use it at checkout (`promoCode`).
struct PromoController: Sendable {
    let promos: PromoStore
    let payments: PaymentRepository

    func addRoutes(to router: Router<ServiceRequestContext>) {
        router.post("/promo-codes", use: create)
        router.get("/promo-codes", use: list)
        router.post("/promo-codes/check", use: check)
        router.post("/promo-codes/:code/pause", use: pause)
        router.post("/promo-codes/:code/resume", use: resume)
        router.get("/promo-codes/:code/redemptions", use: redemptions)
    }

    struct CheckInput: Decodable {
        var code: String
        var bookingId: UUID
    }

    struct CheckAnswer: ResponseCodable {
        var code: String
        var bookingId: UUID
        /// The booking's amount, the discount and what would be charged, in `currency`'s minor units.
        var amount: Int
        var discount: Int
        var total: Int
        var currency: String
    }

    /// The discount a code gives the caller's held booking now, or the refusal a checkout with it
    /// would answer (same codes: unknown-promo-code, promo-code-expired, …); nothing is reserved.
    func check(_ request: Request, context: ServiceRequestContext) async throws -> CheckAnswer {
        let identity = try context.requireIdentity()
        let input = try await request.decode(as: CheckInput.self, context: context)
        let code = input.code.trimmingCharacters(in: .whitespaces).uppercased()
        guard (1...32).contains(code.count) else {
            throw PromoStore.refuse(.unprocessableContent, "unknown-promo-code", "This promo code does not exist")
        }
        guard let booking = try await payments.heldBooking(input.bookingId, logger: context.logger) else {
            throw AppError(
                .conflict, code: "booking-not-ready", "This booking is not known to payments yet; retry shortly",
                headers: [.retryAfter: "1"])
        }
        guard booking.userID == identity.userID else { throw AppError.notFound("Booking") }
        guard booking.status == "held", booking.expiresAt > .now else {
            throw AppError.conflict("hold-expired", "The seats are no longer held; choose them again")
        }
        let discount = try await promos.check(
            code: code, user: identity.userID, booking: input.bookingId, amount: booking.amount,
            currency: booking.currency, logger: context.logger)
        return CheckAnswer(
            code: code, bookingId: input.bookingId, amount: booking.amount, discount: discount,
            total: booking.amount - discount, currency: booking.currency)
    }

    func create(_ request: Request, context: ServiceRequestContext) async throws -> Response {
        _ = try context.require("promotions:write")
        var promo = try await request.decode(as: PromoCode.self, context: context)
        promo.code = promo.code.uppercased()
        promo.redeemed = nil
        promo.status = nil
        promo.pausedAt = nil
        let errors = promo.problems()
        guard errors.isEmpty else { throw AppError.invalid(errors) }
        try await promos.create(promo, logger: context.logger)
        context.logger.notice("promo code created", metadata: ["code": "\(promo.code)"])
        promo.redeemed = 0
        promo.status = "active"
        return JSONBody.response(promo, status: .created)
    }

    func list(_ request: Request, context: ServiceRequestContext) async throws -> Page<PromoCode> {
        _ = try context.require("promotions:write")
        return Page(items: try await promos.list(logger: context.logger), nextCursor: nil)
    }

    func pause(_ request: Request, context: ServiceRequestContext) async throws -> Response {
        JSONBody.response(try await setPaused(true, context))
    }

    func resume(_ request: Request, context: ServiceRequestContext) async throws -> Response {
        JSONBody.response(try await setPaused(false, context))
    }

    private func setPaused(_ paused: Bool, _ context: ServiceRequestContext) async throws -> PromoCode {
        let staff = try context.require("promotions:write")
        let code = try context.parameters.require("code")
        let promo = try await promos.setPaused(code, paused, logger: context.logger)
        context.logger.notice(
            paused ? "promo code paused" : "promo code resumed",
            metadata: ["code": "\(promo.code)", "by": "\(staff.userID)"])
        return promo
    }

    /// `GET /promo-codes/{code}/redemptions` (promotions:write or reports:read), newest first.
    func redemptions(_ request: Request, context: ServiceRequestContext) async throws -> Page<PromoStore.Redemption> {
        let identity = try context.requireIdentity()
        guard identity.has("promotions:write") || identity.has("reports:read") else {
            throw AppError(.forbidden, code: "forbidden", "Needs the promotions:write or reports:read permission")
        }
        let code = try context.parameters.require("code")
        return try await promos.redemptions(code, page: try PageRequest(request: request), logger: context.logger)
    }
}
