import Foundation
import Hummingbird
import PostgresNIO
import ServiceKit

/// The ticket check at the door (bookings:manage): the QR code's ticket code and signature.
struct TicketController: Sendable {
    let client: PostgresClient
    let config: SchedulingConfig

    func addRoutes(to router: Router<ServiceRequestContext>) {
        router.post("/tickets/check", use: check)
    }

    struct CheckInput: Decodable {
        var code: String
        var signature: String?
    }

    struct Checked: ResponseCodable {
        var code: String
        var bookingId: UUID
        var screeningId: UUID
        var row: String
        var number: Int
        var startsAt: Date
        var status: String
    }

    /// 200 for a valid ticket of a confirmed booking; 409 `ticket-cancelled` for a cancelled
    /// ticket or booking; 422 for a signature that does not match; 404 for an unknown code.
    func check(_ request: Request, context: ServiceRequestContext) async throws -> Checked {
        _ = try context.require("bookings:manage")
        let input = try await request.decode(as: CheckInput.self, context: context)
        guard (1...64).contains(input.code.count) else { throw AppError.invalid("code", "must be a ticket code") }
        let rows = try await client.query(
            """
            SELECT t.booking_id, t.seat_id, b.screening_id, st.row_label, st.number, s.starts_at, t.signature,
                   t.cancelled_at IS NULL AND b.status = 'confirmed'
            FROM tickets t JOIN bookings b ON b.id = t.booking_id JOIN seats st ON st.id = t.seat_id
            JOIN screenings s ON s.id = b.screening_id
            WHERE t.code = \(input.code)
            """, logger: context.logger)
        guard
            let (booking, _, screening, row, number, startsAt, signature, valid) = try await rows.decode(
                (UUID, UUID, UUID, String, Int, Date, String, Bool).self
            ).firstElement()
        else { throw AppError.notFound("Ticket") }
        if let given = input.signature, given != signature {
            throw AppError.invalid("signature", "does not match this ticket")
        }
        guard valid else {
            throw AppError.conflict("ticket-cancelled", "This ticket was cancelled (refunded or cancelled booking)")
        }
        return Checked(
            code: input.code, bookingId: booking, screeningId: screening, row: row, number: number,
            startsAt: startsAt, status: "valid")
    }
}
