import Configuration
import Foundation
import Hummingbird
import Logging
import Messaging
import PostgresNIO
import ServiceKit

/// Amounts in minor units with their ISO 4217 exponent.
enum Money {
    static func exponent(_ currency: String) -> Int {
        switch currency.uppercased() {
        case "JPY", "KRW", "CLP", "ISK", "VND", "XAF", "XOF": 0
        case "BHD", "KWD", "OMR", "JOD", "TND", "LYD", "IQD": 3
        default: 2
        }
    }

    /// `1150 EUR` → `11,50 EUR` (French decimal comma, as on the invoices).
    static func format(_ minor: Int, _ currency: String) -> String {
        let digits = exponent(currency)
        let sign = minor < 0 ? "-" : ""
        let value = abs(minor)
        guard digits > 0 else { return "\(sign)\(value) \(currency)" }
        var unit = 1
        for _ in 0..<digits { unit *= 10 }
        let fraction = String(value % unit)
        return "\(sign)\(value / unit)," + String(repeating: "0", count: digits - fraction.count) + fraction
            + " \(currency)"
    }
}

/// Billing details a customer may give at checkout (kept sealed, printed on the invoice).
struct Billing: Codable, Sendable {
    static let field = "payments.billing"
    var name: String
    var address: String?

}

/// Who an invoice is for.
struct Buyer: Codable, Sendable {
    var email: String
    var name: String?
    var address: String?
}

struct InvoiceLine: Codable, Sendable {
    var description: String
    /// VAT included, minor units.
    var amount: Int
}

/// The VAT of one rate on an invoice: `net + vat == gross`, and the gross amounts of all rates add
/// up to the invoice's total.
struct VATLine: Codable, Sendable {
    var ratePermille: Int
    var net: Int
    var vat: Int
    var gross: Int
}

struct Invoice: ResponseCodable, Sendable {
    var id: UUID
    var number: String
    var kind: String
    var paymentId: UUID
    var userId: UUID
    var buyer: Buyer
    var seller: InvoiceConfig.Seller
    var lines: [InvoiceLine]
    var netTotal: Int
    var vatTotal: Int
    var total: Int
    var vatRatePermille: Int
    /// Per rate (one rate per invoice today: the cinema's on the day of the sale).
    var vatBreakdown: [VATLine]
    var currency: String
    var issuedAt: Date
    var relatesTo: String?
}

/// Invoice settings. Keys: `invoice.seller.name`, `invoice.seller.address`,
/// `invoice.seller.vat.number`, `invoice.vat.rate.permille` (55: French 5.5 % on cinema tickets),
/// `invoice.series` (HS) and `invoice.credit.series` (AV).
struct InvoiceConfig: Sendable {
    struct Seller: Codable, Sendable {
        var name: String
        var address: String
        var vatNumber: String
        /// ISO 3166-1 alpha-2.
        var country: String? = nil
    }

    var seller: Seller
    var vatPermille: Int
    var series: String
    var creditSeries: String

    init(reader: ConfigReader) {
        seller = Seller(
            name: reader.string(forKey: "invoice.seller.name", default: "Homestudio Cinémas SAS"),
            address: reader.string(forKey: "invoice.seller.address", default: "1 rue du Cinéma, 75001 Paris, France"),
            vatNumber: reader.string(forKey: "invoice.seller.vat.number", default: "FR00123456789"))
        vatPermille = reader.int(forKey: "invoice.vat.rate.permille", default: 55)
        series = reader.string(forKey: "invoice.series", default: "HS")
        creditSeries = reader.string(forKey: "invoice.credit.series", default: "AV")
    }

    /// The VAT included in a gross amount at `permille`, rounded half up to the minor unit.
    static func vat(inGross gross: Int, permille: Int) -> Int {
        guard gross >= 0 else { return -vat(inGross: -gross, permille: permille) }
        let net = (gross * 1000 + (1000 + permille) / 2) / (1000 + permille)
        return gross - net
    }
}

/// Issues invoices and credit notes inside the transaction of the payment or refund they document,
/// numbered without gaps per series and year: the counter row is locked until that transaction
/// ends, and a rolled-back payment takes its number back with it.
struct InvoiceIssuer: Sendable {
    let config: InvoiceConfig
    let cipher: PersonalDataCipher
    static let buyerField = "invoices.buyer"

    func invoice(for payment: Payment, _ connection: PostgresConnection, _ logger: Logger) async throws {
        let rows = try await connection.query(
            """
            SELECT b.user_email_sealed, b.film_title, p.billing_sealed, b.seller::text FROM bookings b, payments p
            WHERE b.booking_id = \(payment.bookingId) AND p.id = \(payment.id)
            """, logger: logger)
        let (sealed, title, billing, held) =
            try await rows.decode((ByteBuffer?, String, ByteBuffer?, String?).self).firstElement()
            ?? (nil, "", nil, nil)
        let (seller, rate) = try sellerAndRate(held)
        var buyer = Buyer(email: try sealed.map { try cipher.open($0, field: BookingReplica.emailField) } ?? "")
        if let billing {
            let details = try JSONBody.decoder.decode(
                Billing.self, from: Data(try cipher.open(billing, field: Billing.field).utf8))
            (buyer.name, buyer.address) = (details.name, details.address)
        }
        var lines = [
            InvoiceLine(description: "Billets de cinéma – \(title)", amount: payment.amount + payment.discount)
        ]
        if payment.discount > 0 {
            lines.append(InvoiceLine(description: "Code promo \(payment.promoCode ?? "")", amount: -payment.discount))
        }
        try await issue(
            kind: "invoice", series: config.series, payment: payment, buyer: buyer, lines: lines, relatesTo: nil,
            seller: seller, vatPermille: rate, connection, logger)
    }

    func creditNote(for payment: Payment, refunded amount: Int, _ connection: PostgresConnection, _ logger: Logger)
        async throws
    {
        let rows = try await connection.query(
            """
            SELECT i.buyer_sealed, i.number, i.seller::text, i.vat_permille FROM invoices i
            WHERE i.payment_id = \(payment.id) AND i.kind = 'invoice'
            """, logger: logger)
        let (sealed, invoice, invoicedSeller, invoicedRate) =
            try await rows.decode((ByteBuffer?, String?, String?, Int?).self).firstElement() ?? (nil, nil, nil, nil)
        let seller = try invoicedSeller.map {
            try JSONBody.decoder.decode(InvoiceConfig.Seller.self, from: Data($0.utf8))
        }
        let buyer = try sealed.map { try openBuyer($0) } ?? Buyer(email: "")
        try await issue(
            kind: "credit_note", series: config.creditSeries, payment: payment, buyer: buyer,
            lines: [InvoiceLine(description: "Remboursement", amount: -amount)], relatesTo: invoice,
            seller: seller ?? config.seller, vatPermille: invoicedRate ?? config.vatPermille, connection, logger)
    }

    /// The seller and VAT rate of a booking: its cinema's legal entity and the rate in force on the
    /// day of the sale (from `scheduling.booking.held`), else the configured seller and rate.
    func sellerAndRate(_ held: String?) throws -> (InvoiceConfig.Seller, Int) {
        guard let held else { return (config.seller, config.vatPermille) }
        let seller = try JSONBody.decoder.decode(HeldSeller.self, from: Data(held.utf8))
        return (
            InvoiceConfig.Seller(
                name: seller.name, address: seller.address, vatNumber: seller.vatNumber, country: seller.country),
            seller.vatRatePermille
        )
    }

    private func issue(
        kind: String, series: String, payment: Payment, buyer: Buyer, lines: [InvoiceLine], relatesTo: String?,
        seller: InvoiceConfig.Seller, vatPermille: Int, _ connection: PostgresConnection, _ logger: Logger
    ) async throws {
        // Everything but the number first: the counter row stays locked from the statement that
        // takes a number until the transaction ends, so that statement also inserts the invoice.
        let total = lines.reduce(0) { $0 + $1.amount }
        let vat = InvoiceConfig.vat(inGross: total, permille: vatPermille)
        let body = String(decoding: try JSONBody.encoder.encode(lines), as: UTF8.self)
        let sellerJSON = String(decoding: try JSONBody.encoder.encode(seller), as: UTF8.self)
        let sealedBuyer = try sealBuyer(buyer)
        let id = UUID()
        let numbered = try await connection.query(
            """
            WITH counter AS (
                INSERT INTO invoice_counters (series, year, next) VALUES (\(series), extract(year FROM now())::int, 2)
                ON CONFLICT (series, year) DO UPDATE SET next = invoice_counters.next + 1
                RETURNING year, next - 1 AS sequence)
            INSERT INTO invoices (id, number, series, year, sequence, kind, payment_id, user_id, buyer_sealed, lines,
                                  net_total, vat_total, total, vat_permille, currency, relates_to, seller)
            SELECT \(id), \(series) || '-' || year || '-' || lpad(sequence::text, greatest(6, length(sequence::text)), '0'),
                   \(series), year, sequence, \(kind), \(payment.id), \(payment.userId), \(sealedBuyer), \(body)::jsonb,
                   \(total - vat), \(vat), \(total), \(vatPermille), \(payment.currency), \(relatesTo), \(sellerJSON)::jsonb
            FROM counter
            RETURNING number
            """, logger: logger)
        guard let number = try await numbered.decode(String.self).firstElement() else { return }
        let invoice = Invoice(
            id: id, number: number, kind: kind, paymentId: payment.id, userId: payment.userId, buyer: buyer,
            seller: seller, lines: lines, netTotal: total - vat, vatTotal: vat, total: total,
            vatRatePermille: vatPermille,
            vatBreakdown: [VATLine(ratePermille: vatPermille, net: total - vat, vat: vat, gross: total)],
            currency: payment.currency, issuedAt: .now, relatesTo: relatesTo)
        let event = InvoiceIssued(
            invoiceId: id, number: number, kind: kind, paymentId: payment.id, bookingId: payment.bookingId,
            userId: payment.userId, total: total, currency: payment.currency,
            pdf: InvoicePDF.render(invoice).base64EncodedString())
        try await Outbox.enqueue(event, on: connection, logger: logger)
        logger.info("invoice issued", metadata: ["number": "\(number)", "paymentId": "\(payment.id)"])
    }

    func sealBuyer(_ buyer: Buyer) throws -> ByteBuffer {
        try cipher.seal(String(decoding: try JSONBody.encoder.encode(buyer), as: UTF8.self), field: Self.buyerField)
    }

    /// The buyer of an invoice (older invoices sealed the bare e-mail address).
    func openBuyer(_ sealed: ByteBuffer) throws -> Buyer {
        let text = try cipher.open(sealed, field: Self.buyerField)
        return (try? JSONBody.decoder.decode(Buyer.self, from: Data(text.utf8))) ?? Buyer(email: text)
    }

    /// Invoices of a user (or everyone's when `user` is nil), newest first.
    /// Invoices and credit notes, newest first: of one user (nil: everyone's), one by id, or those of
    /// one booking's payments.
    func list(_ client: PostgresClient, user: UUID?, id: UUID? = nil, booking: UUID? = nil, logger: Logger)
        async throws -> [Invoice]
    {
        let rows = try await client.query(
            """
            SELECT id, number, kind, payment_id, user_id, buyer_sealed, lines::text, net_total, vat_total, total,
                   vat_permille, currency, issued_at, relates_to, seller::text
            FROM invoices WHERE (\(user)::uuid IS NULL OR user_id = \(user)) AND (\(id)::uuid IS NULL OR id = \(id))
              AND (\(booking)::uuid IS NULL OR payment_id IN (SELECT p.id FROM payments p WHERE p.booking_id = \(booking)))
            ORDER BY issued_at DESC, number DESC LIMIT 200
            """, logger: logger)
        var invoices: [Invoice] = []
        for try await row in rows.decode(
            (UUID, String, String, UUID, UUID, ByteBuffer?, String, Int, Int, Int, Int, String, Date, String?, String?)
                .self)
        {
            let seller =
                try row.14.map { try JSONBody.decoder.decode(InvoiceConfig.Seller.self, from: Data($0.utf8)) }
                ?? config.seller
            invoices.append(
                Invoice(
                    id: row.0, number: row.1, kind: row.2, paymentId: row.3, userId: row.4,
                    buyer: try row.5.map { try openBuyer($0) } ?? Buyer(email: ""), seller: seller,
                    lines: try JSONBody.decoder.decode([InvoiceLine].self, from: Data(row.6.utf8)),
                    netTotal: row.7, vatTotal: row.8, total: row.9, vatRatePermille: row.10,
                    vatBreakdown: [VATLine(ratePermille: row.10, net: row.7, vat: row.8, gross: row.9)],
                    currency: row.11,
                    issuedAt: row.12, relatesTo: row.13))
        }
        return invoices
    }
}
