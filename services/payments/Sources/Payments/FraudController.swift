import Foundation
import Hummingbird
import ServiceKit

/// `GET /fraud-signals`: what the fraud rules flagged, newest first (reports:read; `?reviewed=true|false`);
/// `POST /fraud-signals/{id}/review`: staff's decision (payments:refund), kept with who and when.
struct FraudController: Sendable {
    let fraud: FraudStore

    func addRoutes(to router: Router<ServiceRequestContext>) {
        router.get("/fraud-signals", use: list)
        router.post("/fraud-signals/:id/review", use: review)
    }

    func list(_ request: Request, context: ServiceRequestContext) async throws -> Page<FraudStore.Signal> {
        _ = try context.require("reports:read")
        var query = QueryCheck(request)
        let reviewed = query.oneOf("reviewed", ["true", "false"]).map { $0 == "true" }
        try query.finish()
        return Page(items: try await fraud.signals(reviewed: reviewed, logger: context.logger), nextCursor: nil)
    }

    struct ReviewInput: Decodable {
        var decision: String
        var note: String?
    }

    func review(_ request: Request, context: ServiceRequestContext) async throws -> FraudStore.Signal {
        let staff = try context.require("payments:refund")
        let id = try context.parameters.require("id", as: UUID.self)
        let input = try await request.decode(as: ReviewInput.self, context: context)
        var errors: [Problem.FieldError] = []
        if !["legitimate", "fraud"].contains(input.decision) {
            errors.append(.init(field: "decision", message: "must be legitimate or fraud"))
        }
        if let note = input.note, note.count > 500 {
            errors.append(.init(field: "note", message: "must have at most 500 characters"))
        }
        guard errors.isEmpty else { throw AppError.invalid(errors) }
        return try await fraud.review(
            id, decision: input.decision, note: input.note, by: staff.userID, logger: context.logger)
    }
}
