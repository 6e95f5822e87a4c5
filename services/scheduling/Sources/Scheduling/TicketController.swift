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
        var code: String?
        var signature: String?
        /// The QR code's text as scanned: `HS1.<code>.<signature>` (instead of `code` and `signature`).
        var payload: String?
    }

    /// The ticket code and signature of a QR payload `HS1.<code>.<signature>` (format version 1;
    /// the code is base32, the signature base64url without padding: neither has a dot).
    static func parse(payload: String) -> (code: String, signature: String)? {
        let parts = payload.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0] == "HS1", !parts[1].isEmpty, !parts[2].isEmpty else { return nil }
        return (String(parts[1]), String(parts[2]))
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
        let code: String
        let givenSignature: String?
        switch (input.payload, input.code) {
        case (let payload?, nil):
            guard payload.count <= 200, let parsed = Self.parse(payload: payload), input.signature == nil else {
                throw AppError.invalid("payload", "must be a ticket QR payload HS1.<code>.<signature>")
            }
            (code, givenSignature) = parsed
        case (nil, let given?):
            (code, givenSignature) = (given, input.signature)
        default:
            throw AppError.invalid("payload", "send either payload, or code with an optional signature")
        }
        guard (1...64).contains(code.count) else { throw AppError.invalid("code", "must be a ticket code") }
        let rows = try await client.query(
            """
            SELECT t.booking_id, t.seat_id, b.screening_id, st.row_label, st.number, s.starts_at, t.signature,
                   t.cancelled_at IS NULL AND b.status = 'confirmed'
            FROM tickets t JOIN bookings b ON b.id = t.booking_id JOIN seats st ON st.id = t.seat_id
            JOIN screenings s ON s.id = b.screening_id
            WHERE t.code = \(code)
            """, logger: context.logger)
        guard
            let (booking, _, screening, row, number, startsAt, signature, valid) = try await rows.decode(
                (UUID, UUID, UUID, String, Int, Date, String, Bool).self
            ).firstElement()
        else { throw AppError.notFound("Ticket") }
        if let given = givenSignature, given != signature {
            throw AppError.invalid("signature", "does not match this ticket")
        }
        guard valid else {
            throw AppError.conflict("ticket-cancelled", "This ticket was cancelled (refunded or cancelled booking)")
        }
        return Checked(
            code: code, bookingId: booking, screeningId: screening, row: row, number: number,
            startsAt: startsAt, status: "valid")
    }
}
