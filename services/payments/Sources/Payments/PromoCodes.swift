import Foundation
import HTTPTypes
import Logging
import Persistence
import PostgresNIO
import ServiceKit

/// A promo code: a percentage or a fixed amount off, within a validity window, with total and
/// per-user redemption limits, a minimum amount, optionally only for some films, screenings or cinemas.
struct PromoCode: Codable, Sendable {
    var code: String
    var kind: String
    var value: Int
    var currency: String?
    var validFrom: Date?
    var validUntil: Date?
    var maxRedemptions: Int?
    var perUserLimit: Int?
    var minAmount: Int?
    var filmIds: [UUID]?
    var screeningIds: [UUID]?
    var cinemaIds: [UUID]?
    /// Reserved (payment in flight) plus redeemed.
    var redeemed: Int?
    /// `active` or `paused` (output only: pause and resume have their own calls).
    var status: String?
    var pausedAt: Date?

    /// The discount on `amount` minor units: a percentage rounds half up to the minor unit; never
    /// more than the amount.
    static func discount(kind: String, value: Int, amount: Int) -> Int {
        let raw = kind == "percent" ? (amount * value + 50) / 100 : value
        return min(max(raw, 0), amount)
    }

    func problems() -> [Problem.FieldError] {
        var errors: [Problem.FieldError] = []
        if !(3...32).contains(code.count)
            || !code.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-") })
        {
            errors.append(.init(field: "code", message: "must be 3 to 32 letters, digits or dashes"))
        }
        switch kind {
        case "percent" where !(1...100).contains(value):
            errors.append(.init(field: "value", message: "must be 1 to 100 (percent)"))
        case "fixed" where value <= 0 || currency == nil:
            errors.append(.init(field: "value", message: "must be positive minor units, with a currency"))
        case "percent", "fixed": break
        default: errors.append(.init(field: "kind", message: "must be percent or fixed"))
        }
        for (field, ids) in [("filmIds", filmIds), ("screeningIds", screeningIds), ("cinemaIds", cinemaIds)]
        where ids?.isEmpty == true {
            errors.append(.init(field: field, message: "must not be empty (leave it out for every one)"))
        }
        if let from = validFrom, let until = validUntil, until <= from {
            errors.append(.init(field: "validUntil", message: "must be after validFrom"))
        }
        return errors
    }
}

/// Promo codes and their redemptions. A checkout reserves a redemption under the code's row lock
/// (so two buyers cannot both take the last one); the payment's outcome redeems or releases it,
/// and so do the expiry or cancellation of its booking.
struct PromoStore: Sendable {
    let client: PostgresClient

    struct Reservation: Sendable {
        var id: UUID
        var code: String
        var discount: Int
    }

    func create(_ promo: PromoCode, logger: Logger) async throws {
        do {
            try await client.query(
                """
                INSERT INTO promo_codes (code, kind, value, currency, valid_from, valid_until, max_redemptions,
                                         per_user_limit, min_amount, film_ids, screening_ids, cinema_ids)
                VALUES (\(promo.code.uppercased()), \(promo.kind), \(promo.value), \(promo.currency), \(promo.validFrom),
                        \(promo.validUntil), \(promo.maxRedemptions), \(promo.perUserLimit), \(promo.minAmount ?? 0),
                        \(promo.filmIds), \(promo.screeningIds), \(promo.cinemaIds))
                """, logger: logger)
        } catch let error where DatabaseConstraint(error) != nil {
            throw AppError.conflict("promo-code-exists", "This promo code already exists")
        }
    }

    func list(logger: Logger) async throws -> [PromoCode] {
        try await Self.codes(
            client.query(
                "SELECT \(unescaped: Self.columns) FROM promo_codes ORDER BY created_at DESC LIMIT 500", logger: logger)
        )
    }

    /// Pauses (checkouts refuse the code) or resumes a code; idempotent.
    func setPaused(_ code: String, _ paused: Bool, logger: Logger) async throws -> PromoCode {
        let rows = try await client.query(
            """
            UPDATE promo_codes
            SET paused_at = CASE WHEN \(paused) THEN coalesce(paused_at, now()) ELSE NULL END
            WHERE code = \(code.uppercased()) RETURNING \(unescaped: Self.columns)
            """, logger: logger)
        guard let promo = try await Self.codes(rows).first else { throw AppError.notFound("Promo code") }
        return promo
    }

    static let columns = """
        code, kind, value, currency, valid_from, valid_until, max_redemptions, per_user_limit, min_amount,
        film_ids, screening_ids, redeemed, paused_at, cinema_ids
        """

    static func codes(_ rows: PostgresRowSequence) async throws -> [PromoCode] {
        var codes: [PromoCode] = []
        for try await row in rows.decode(
            (String, String, Int, String?, Date?, Date?, Int?, Int?, Int, [UUID]?, [UUID]?, Int, Date?, [UUID]?).self)
        {
            codes.append(
                PromoCode(
                    code: row.0, kind: row.1, value: row.2, currency: row.3, validFrom: row.4, validUntil: row.5,
                    maxRedemptions: row.6, perUserLimit: row.7, minAmount: row.8, filmIds: row.9, screeningIds: row.10,
                    cinemaIds: row.13, redeemed: row.11, status: row.12 == nil ? "active" : "paused", pausedAt: row.12))
        }
        return codes
    }

    struct Redemption: Codable, Sendable {
        var id: UUID
        var paymentId: UUID?
        var bookingId: UUID
        var userId: UUID
        var discount: Int
        var currency: String?
        var status: String
        var createdAt: Date
    }

    /// A code's redemptions, newest first (keyset on created_at, id).
    func redemptions(_ code: String, page: PageRequest, logger: Logger) async throws -> Page<Redemption> {
        let exists = try await client.query(
            "SELECT 1 FROM promo_codes WHERE code = \(code.uppercased())", logger: logger)
        guard try await exists.decode(Int.self).firstElement() != nil else { throw AppError.notFound("Promo code") }
        let (beforeTime, beforeID) = try page.dateAndID() ?? (.distantFuture, .max)
        let rows = try await client.query(
            """
            SELECT r.id, r.payment_id, r.booking_id, r.user_id, r.discount, b.currency, r.status, r.created_at
            FROM promo_redemptions r LEFT JOIN bookings b ON b.booking_id = r.booking_id
            WHERE r.code = \(code.uppercased()) AND (r.created_at, r.id) < (\(beforeTime), \(beforeID))
            ORDER BY r.created_at DESC, r.id DESC LIMIT \(page.limit + 1)
            """, logger: logger)
        var items: [Redemption] = []
        for try await row in rows.decode((UUID, UUID?, UUID, UUID, Int, String?, String, Date).self) {
            items.append(
                Redemption(
                    id: row.0, paymentId: row.1, bookingId: row.2, userId: row.3, discount: row.4, currency: row.5,
                    status: row.6, createdAt: row.7))
        }
        return page.page(items) { PageRequest.dateKey($0.createdAt, $0.id) }
    }

    /// Reserves one redemption of `code` for a booking, or refuses with the reason (422/409).
    func reserve(code: String, user: UUID, booking: UUID, amount: Int, currency: String, logger: Logger)
        async throws -> Reservation
    {
        try await client.transaction(logger: logger) { connection in
            let discount = try await Self.vet(
                code: code, user: user, booking: booking, amount: amount, currency: currency, lock: true, connection,
                logger)
            let reservation = Reservation(id: UUID(), code: code.uppercased(), discount: discount)
            try await connection.query(
                """
                INSERT INTO promo_redemptions (id, code, user_id, booking_id, discount, status)
                VALUES (\(reservation.id), \(reservation.code), \(user), \(booking), \(reservation.discount), 'reserved')
                """, logger: logger)
            try await connection.query(
                "UPDATE promo_codes SET redeemed = redeemed + 1 WHERE code = \(reservation.code)", logger: logger)
            return reservation
        }
    }

    /// The discount `code` would give the booking now, or the refusal `reserve` would answer;
    /// nothing is reserved (the last redemption can still go to another buyer before checkout).
    func check(code: String, user: UUID, booking: UUID, amount: Int, currency: String, logger: Logger)
        async throws -> Int
    {
        try await client.withConnection { connection in
            try await Self.vet(
                code: code, user: user, booking: booking, amount: amount, currency: currency, lock: false, connection,
                logger)
        }
    }

    /// The discount of `code` for a booking, or its refusal; `lock` takes the code's row lock
    /// (to reserve) until the end of the transaction.
    private static func vet(
        code: String, user: UUID, booking: UUID, amount: Int, currency: String, lock: Bool,
        _ connection: PostgresConnection, _ logger: Logger
    ) async throws -> Int {
        let rows = try await connection.query(
            """
            SELECT p.kind, p.value, p.currency, p.min_amount, p.redeemed, p.max_redemptions, p.per_user_limit,
                   (p.valid_from IS NULL OR p.valid_from <= now()) AND (p.valid_until IS NULL OR p.valid_until > now())
                     AND p.paused_at IS NULL,
                   (p.film_ids IS NULL OR b.film_id = ANY(p.film_ids))
                     AND (p.screening_ids IS NULL OR b.screening_id = ANY(p.screening_ids))
                     AND (p.cinema_ids IS NULL OR b.cinema_id = ANY(p.cinema_ids)),
                   p.paused_at IS NOT NULL
            FROM promo_codes p, bookings b
            WHERE p.code = \(code.uppercased()) AND b.booking_id = \(booking) \(unescaped: lock ? "FOR UPDATE OF p" : "")
            """, logger: logger)
        guard
            let (kind, value, codeCurrency, minimum, redeemed, maximum, perUser, current, applies, paused) =
                try await rows.decode((String, Int, String?, Int, Int, Int?, Int?, Bool, Bool, Bool).self)
                .firstElement()
        else { throw Self.refuse(.unprocessableContent, "unknown-promo-code", "This promo code does not exist") }
        guard !paused else {
            throw Self.refuse(.unprocessableContent, "promo-code-paused", "This promo code is paused for now")
        }
        guard current else {
            throw Self.refuse(.unprocessableContent, "promo-code-expired", "This promo code is not valid now")
        }
        guard applies else {
            throw Self.refuse(
                .unprocessableContent, "promo-code-not-applicable", "This promo code is not valid for this screening")
        }
        guard amount >= minimum else {
            throw Self.refuse(.unprocessableContent, "promo-code-minimum", "This promo code needs a larger order")
        }
        guard kind == "percent" || codeCurrency == currency else {
            throw Self.refuse(.unprocessableContent, "promo-code-currency", "This promo code is for another currency")
        }
        guard maximum.map({ redeemed < $0 }) ?? true else {
            throw Self.refuse(.conflict, "promo-code-exhausted", "This promo code has been used up")
        }
        if let perUser {
            let used = try await connection.query(
                """
                SELECT count(*)::int FROM promo_redemptions
                WHERE code = \(code.uppercased()) AND user_id = \(user) AND status <> 'released'
                """, logger: logger)
            guard try await used.decode(Int.self).firstElement() ?? 0 < perUser else {
                throw Self.refuse(.conflict, "promo-code-limit", "You have already used this promo code")
            }
        }
        return PromoCode.discount(kind: kind, value: value, amount: amount)
    }

    /// Gives a reservation back (the checkout did not reach a payment).
    func release(_ reservation: Reservation, logger: Logger) async throws {
        try await client.transaction(logger: logger) { connection in
            try await Self.release(where: "id", reservation.id, connection, logger)
        }
    }

    /// Follows a payment: succeeded redeems its reservation, failed releases it.
    static func settle(payment: UUID, status: String, _ connection: PostgresConnection, _ logger: Logger) async throws {
        switch status {
        case "succeeded":
            try await connection.query(
                "UPDATE promo_redemptions SET status = 'redeemed' WHERE payment_id = \(payment) AND status = 'reserved'",
                logger: logger)
        case "failed":
            try await release(where: "payment_id", payment, connection, logger)
        default: break
        }
    }

    /// Releases what a booking still holds in reserve (its hold expired or it was cancelled).
    static func releaseForBooking(_ booking: UUID, _ connection: PostgresConnection, _ logger: Logger) async throws {
        try await release(where: "booking_id", booking, connection, logger)
    }

    private static func release(
        where column: String, _ id: UUID, _ connection: PostgresConnection, _ logger: Logger
    ) async throws {
        let rows = try await connection.query(
            """
            UPDATE promo_redemptions SET status = 'released'
            WHERE \(unescaped: column) = \(id) AND status = 'reserved' RETURNING code
            """, logger: logger)
        for try await code in rows.decode(String.self) {
            try await connection.query(
                "UPDATE promo_codes SET redeemed = redeemed - 1 WHERE code = \(code)", logger: logger)
        }
    }

    static func refuse(_ status: HTTPResponse.Status, _ code: String, _ detail: String) -> AppError {
        AppError(status, code: code, detail, errors: [.init(field: "promoCode", message: detail)])
    }
}
