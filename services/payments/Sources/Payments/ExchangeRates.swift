import Foundation
import Hummingbird
import Logging
import PostgresNIO
import ServiceKit

/// Exchange rates for indicative prices: a customer sees what a price is roughly worth in their
/// currency; the cinema is still paid in its own (settlement) currency. Rates are kept as
/// integers (rate × 1,000,000) and converted between ISO 4217 exponents, rounding half up.
struct ExchangeRates: Sendable {
    let client: PostgresClient

    static let scale: Int64 = 1_000_000

    /// `amount` minor units of `from` in minor units of `to` at `rate` (× 1e6).
    static func convert(_ amount: Int, from: String, to: String, rateMicros: Int64) -> Int {
        let shift = Money.exponent(to) - Money.exponent(from)
        var numerator = Int64(amount) * rateMicros
        var denominator = scale
        if shift > 0 {
            for _ in 0..<shift { numerator *= 10 }
        } else {
            for _ in 0..<(-shift) { denominator *= 10 }
        }
        return Int((numerator + denominator / 2) / denominator)
    }

    func set(base: String, quote: String, rateMicros: Int64, logger: Logger) async throws {
        try await client.query(
            """
            INSERT INTO exchange_rates (base, quote, rate_micros) VALUES (\(base), \(quote), \(rateMicros))
            ON CONFLICT (base, quote) DO UPDATE SET rate_micros = excluded.rate_micros, updated_at = now()
            """, logger: logger)
    }

    /// The rate from `base` to `quote` (1 for the same currency; the inverse rate when only that is known).
    func rate(from base: String, to quote: String, logger: Logger) async throws -> Int64? {
        if base == quote { return Self.scale }
        let rows = try await client.query(
            """
            SELECT CASE WHEN base = \(base) THEN rate_micros
                        ELSE (\(Self.scale * Self.scale) + rate_micros / 2) / rate_micros END
            FROM exchange_rates WHERE (base = \(base) AND quote = \(quote)) OR (base = \(quote) AND quote = \(base))
            ORDER BY (base = \(base)) DESC LIMIT 1
            """, logger: logger)
        return try await rows.decode(Int64.self).firstElement()
    }
}

/// `PUT /rates/{base}/{quote}` (payments:refund: finance staff) and `GET /rates/convert`.
struct RatesController: Sendable {
    let rates: ExchangeRates

    func addRoutes(to router: Router<ServiceRequestContext>) {
        router.put("/rates/:base/:quote", use: set)
        router.get("/rates/convert", use: convert)
    }

    struct RateInput: Decodable {
        var rate: Double
    }

    struct Conversion: ResponseCodable {
        var amount: Int
        var from: String
        var to: String
        var converted: Int
        var rate: Double
        var indicative = true
    }

    static func currency(_ raw: String?, _ field: String) throws -> String {
        guard let raw, raw.count == 3, raw.allSatisfy({ $0.isASCII && $0.isLetter }) else {
            throw AppError.invalid(field, "must be an ISO 4217 code such as EUR")
        }
        return raw.uppercased()
    }

    func set(_ request: Request, context: ServiceRequestContext) async throws -> Response {
        _ = try context.require("payments:refund")
        let base = try Self.currency(context.parameters.get("base"), "base")
        let quote = try Self.currency(context.parameters.get("quote"), "quote")
        let input = try await request.decode(as: RateInput.self, context: context)
        // Stored in millionths: a rate that rounds to 0 micros is too small to store.
        guard input.rate >= 0.000_001, input.rate < 1_000_000, base != quote else {
            throw AppError.invalid(
                "rate", "must be a number from 0.000001 to 999999, between two different currencies")
        }
        try await rates.set(
            base: base, quote: quote, rateMicros: Int64((input.rate * Double(ExchangeRates.scale)).rounded()),
            logger: context.logger)
        return Response(status: .noContent)
    }

    func convert(_ request: Request, context: ServiceRequestContext) async throws -> Conversion {
        let query = request.uri.queryParameters
        guard let amount = query["amount"].flatMap({ Int(String($0)) }), (0...100_000_000).contains(amount) else {
            throw AppError.invalid("amount", "must be minor units, 0 to 100000000")
        }
        let from = try Self.currency(query["from"].map(String.init), "from")
        let to = try Self.currency(query["to"].map(String.init), "to")
        guard let rate = try await rates.rate(from: from, to: to, logger: context.logger) else {
            throw AppError.notFound("Rate \(from)→\(to)")
        }
        return Conversion(
            amount: amount, from: from, to: to,
            converted: ExchangeRates.convert(amount, from: from, to: to, rateMicros: rate),
            rate: Double(rate) / Double(ExchangeRates.scale))
    }
}
