import Foundation
import Logging
import PostgresNIO
import ServiceKit

/// payments' own copy of held bookings: what a checkout is priced from.
enum BookingReplica {
    static let emailField = "bookings.user_email"

    /// The buyer's e-mail is kept sealed (see `PersonalDataCipher`).
    static func held(
        _ event: BookingHeld, cipher: PersonalDataCipher, on connection: PostgresConnection, logger: Logger
    ) async throws {
        let email = try cipher.seal(event.userEmail, field: emailField)
        let seller = try event.seller.map { String(decoding: try JSONBody.encoder.encode($0), as: UTF8.self) }
        try await connection.query(
            """
            INSERT INTO bookings (booking_id, user_id, user_email_sealed, film_title, amount, currency, expires_at, status,
                                  film_id, screening_id, cinema_name, seat_ids, seller, cinema_id)
            VALUES (\(event.bookingId), \(event.userId), \(email), \(event.filmTitle), \(event.amount),
                    \(event.currency), \(event.expiresAt), 'held', \(event.filmId), \(event.screeningId), \(event.cinemaName),
                    \(event.seats?.map(\.seatId)), \(seller)::jsonb, \(event.cinemaId))
            ON CONFLICT (booking_id) DO NOTHING
            """, logger: logger)
    }

    /// The hold ended (expired, released, or its booking was cancelled): no checkout any more.
    static func expired(_ booking: UUID, on connection: PostgresConnection, logger: Logger) async throws {
        try await connection.query(
            "UPDATE bookings SET status = 'expired' WHERE booking_id = \(booking)", logger: logger)
        try await PromoStore.releaseForBooking(booking, connection, logger)
    }

    static func extended(_ event: BookingHoldExtended, on connection: PostgresConnection, logger: Logger) async throws {
        try await connection.query(
            """
            UPDATE bookings SET expires_at = greatest(expires_at, \(event.expiresAt))
            WHERE booking_id = \(event.bookingId) AND status = 'held'
            """, logger: logger)
    }

    /// Seals what older versions stored in clear (run at start, after the migrations).
    static func sealLegacy(_ client: PostgresClient, cipher: PersonalDataCipher, logger: Logger) async throws {
        let rows = try await client.query(
            "SELECT booking_id, user_email FROM bookings WHERE user_email IS NOT NULL", logger: logger)
        var legacy: [(UUID, String)] = []
        for try await row in rows.decode((UUID, String).self) { legacy.append(row) }
        for (booking, email) in legacy {
            try await client.query(
                """
                UPDATE bookings SET user_email_sealed = \(try cipher.seal(email, field: emailField)), user_email = NULL
                WHERE booking_id = \(booking)
                """, logger: logger)
        }
        let invoices = try await client.query(
            "SELECT id, buyer_email FROM invoices WHERE buyer_email IS NOT NULL", logger: logger)
        var legacyInvoices: [(UUID, String)] = []
        for try await row in invoices.decode((UUID, String).self) { legacyInvoices.append(row) }
        for (id, email) in legacyInvoices {
            let buyer = try cipher.seal(
                String(decoding: try JSONBody.encoder.encode(Buyer(email: email)), as: UTF8.self),
                field: InvoiceIssuer.buyerField)
            try await client.query(
                "UPDATE invoices SET buyer_sealed = \(buyer), buyer_email = NULL WHERE id = \(id)", logger: logger)
        }
        if !legacy.isEmpty || !legacyInvoices.isEmpty {
            logger.notice(
                "personal data sealed",
                metadata: ["bookings": "\(legacy.count)", "invoices": "\(legacyInvoices.count)"])
        }
    }
}
