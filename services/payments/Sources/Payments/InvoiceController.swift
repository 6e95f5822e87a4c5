import Documents
import Foundation
import Hummingbird
import PostgresNIO
import ServiceKit

/// The caller's invoices and credit notes (everyone's with reports:read), as JSON or PDF.
struct InvoiceController: Sendable {
    let client: PostgresClient
    let invoices: InvoiceIssuer

    func addRoutes(to router: Router<ServiceRequestContext>) {
        router.get("/invoices", use: list)
        router.get("/invoices/:id", use: show)
        router.get("/invoices/:id/pdf", use: pdf)
    }

    /// `?bookingId=`: the invoice and credit notes of one booking's payments, in one call.
    func list(_ request: Request, context: ServiceRequestContext) async throws -> Page<Invoice> {
        let identity = try context.requireIdentity()
        var query = QueryCheck(request)
        let booking = query.uuid("bookingId")
        try query.finish()
        let user = identity.has("reports:read") && request.uri.queryParameters["all"] == "true" ? nil : identity.userID
        return Page(
            items: try await invoices.list(client, user: user, booking: booking, logger: context.logger),
            nextCursor: nil)
    }

    func show(_ request: Request, context: ServiceRequestContext) async throws -> Invoice {
        try await find(request, context)
    }

    func pdf(_ request: Request, context: ServiceRequestContext) async throws -> Response {
        let invoice = try await find(request, context)
        return Response(
            status: .ok,
            headers: [
                .contentType: "application/pdf", .contentDisposition: "inline; filename=\"\(invoice.number).pdf\"",
            ],
            body: .init(byteBuffer: ByteBuffer(data: InvoicePDF.render(invoice))))
    }

    private func find(_ request: Request, _ context: ServiceRequestContext) async throws -> Invoice {
        let identity = try context.requireIdentity()
        let id = try context.parameters.require("id", as: UUID.self)
        let user = identity.has("reports:read") ? nil : identity.userID
        guard
            let invoice = try await invoices.list(client, user: user, id: id, logger: context.logger).first
        else { throw AppError.notFound("Invoice") }
        return invoice
    }
}

/// An invoice laid out on one A4 page.
enum InvoicePDF {
    static func render(_ invoice: Invoice) -> Data {
        var pdf = PDFDocument()
        let credit = invoice.kind == "credit_note"
        pdf.text(credit ? "AVOIR / CREDIT NOTE" : "FACTURE / INVOICE", x: 50, y: 780, size: 18, bold: true)
        pdf.text("N° \(invoice.number)", x: 50, y: 756, size: 12, bold: true)
        pdf.text("Date : \(invoice.issuedAt.formatted(.iso8601.year().month().day()))", x: 50, y: 740)
        if let original = invoice.relatesTo { pdf.text("Facture d'origine : \(original)", x: 50, y: 726) }
        pdf.text(invoice.seller.name, x: 50, y: 690, bold: true)
        pdf.text(invoice.seller.address, x: 50, y: 676)
        let vatLabel = invoice.seller.country.map { $0 == "FR" } ?? true ? "TVA intracommunautaire" : "N° TVA"
        pdf.text("\(vatLabel) : \(invoice.seller.vatNumber)", x: 50, y: 662)
        pdf.text("Client :", x: 330, y: 690, bold: true)
        let buyer = [invoice.buyer.name, invoice.buyer.address, invoice.buyer.email].compactMap { $0 }
        for (index, line) in buyer.enumerated() { pdf.text(line, x: 330, y: 676 - Double(index) * 14) }
        var y = 610.0
        pdf.text("Désignation", x: 50, y: y, bold: true)
        pdf.text("Montant TTC", x: 430, y: y, bold: true)
        for line in invoice.lines {
            y -= 18
            pdf.text(line.description, x: 50, y: y)
            pdf.text(Money.format(line.amount, invoice.currency), x: 430, y: y)
        }
        y -= 36
        let rate = "\(invoice.vatRatePermille / 10),\(invoice.vatRatePermille % 10) %"
        pdf.text("Total HT", x: 300, y: y)
        pdf.text(Money.format(invoice.netTotal, invoice.currency), x: 430, y: y)
        pdf.text("TVA \(rate)", x: 300, y: y - 16)
        pdf.text(Money.format(invoice.vatTotal, invoice.currency), x: 430, y: y - 16)
        pdf.text("Total TTC", x: 300, y: y - 32, bold: true)
        pdf.text(Money.format(invoice.total, invoice.currency), x: 430, y: y - 32, bold: true)
        return pdf.render()
    }
}
