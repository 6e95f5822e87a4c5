import Foundation
import Hummingbird
import Persistence
import PostgresNIO
import ServiceKit

/// Staff refunds (payments:refund), full or partial, with an `Idempotency-Key`: a retry returns the
/// first answer and never refunds twice.
struct RefundController: Sendable {
    let client: PostgresClient
    let refunds: RefundService
    let idempotency: IdempotencyStore

    func addRoutes(to router: Router<ServiceRequestContext>) {
        router.post("/payments/:id/refunds", use: create)
    }

    struct RefundInput: Codable {
        var paymentId: UUID?
        /// Minor units; all that remains when absent.
        var amount: Int?
        var reason: String
        /// The seats (tickets) a partial refund covers; scheduling cancels those tickets.
        var seatIds: [UUID]?
        /// A partial refund that covers no ticket (nothing is cancelled).
        var goodwill: Bool?
    }

    func create(_ request: Request, context: ServiceRequestContext) async throws -> Response {
        let staff = try context.require("payments:refund")
        let id = try context.parameters.require("id", as: UUID.self)
        var input = try await request.decode(as: RefundInput.self, context: context)
        input.paymentId = id
        guard (1...200).contains(input.reason.count) else {
            throw AppError.invalid("reason", "must have 1 to 200 characters")
        }
        let covers: RefundService.Coverage?
        switch (input.seatIds, input.goodwill ?? false) {
        case (let seats?, false): covers = .seats(seats)
        case (nil, true):
            guard input.amount != nil else { throw AppError.invalid("amount", "a goodwill refund names its amount") }
            covers = .goodwill
        case (nil, false): covers = nil
        case (_?, true): throw AppError.invalid("goodwill", "a goodwill refund covers no seats; leave out seatIds")
        }
        let key = request.headers[.idempotencyKey] ?? UUID().uuidString
        guard (1...255).contains(key.count) else {
            throw AppError.invalid("Idempotency-Key", "must have 1 to 255 characters")
        }
        let stored = try await idempotency.run(
            user: staff.userID, key: key, request: try JSONBody.encoder.encode(input), logger: context.logger
        ) {
            let refund = try await client.transaction(logger: context.logger) { connection in
                try await refunds.refund(
                    id, amount: input.amount, covers: covers, reason: input.reason,
                    key: "staff-" + IdempotencyStore.providerKey(user: staff.userID, key: key), cause: nil, connection,
                    context.logger)
            }
            guard let refund else {
                throw AppError.conflict("not-refundable", "This payment has nothing left to refund")
            }
            return .init(status: 201, body: try JSONBody.encoder.encode(refund))
        }
        return Response(
            status: .init(code: stored.status), headers: [.contentType: "application/json"],
            body: .init(byteBuffer: ByteBuffer(data: stored.body)))
    }
}
