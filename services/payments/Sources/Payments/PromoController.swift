import Foundation
import Hummingbird
import ServiceKit

/// Staff manage promo codes (promotions:write); buyers use them at checkout (`promoCode`).
struct PromoController: Sendable {
    let promos: PromoStore

    func addRoutes(to router: Router<ServiceRequestContext>) {
        router.post("/promo-codes", use: create)
        router.get("/promo-codes", use: list)
    }

    func create(_ request: Request, context: ServiceRequestContext) async throws -> Response {
        _ = try context.require("promotions:write")
        var promo = try await request.decode(as: PromoCode.self, context: context)
        promo.code = promo.code.uppercased()
        promo.redeemed = nil
        let errors = promo.problems()
        guard errors.isEmpty else { throw AppError.invalid(errors) }
        try await promos.create(promo, logger: context.logger)
        context.logger.notice("promo code created", metadata: ["code": "\(promo.code)"])
        promo.redeemed = 0
        return JSONBody.response(promo, status: .created)
    }

    func list(_ request: Request, context: ServiceRequestContext) async throws -> Page<PromoCode> {
        _ = try context.require("promotions:write")
        return Page(items: try await promos.list(logger: context.logger), nextCursor: nil)
    }
}
