import ServiceKit

/// payments' OpenAPI document (served at /openapi.json; checked against the routes by a test).
enum PaymentsOpenAPI {
    typealias B = OpenAPIBuilder

    static var document: OpenAPIDocument {
        var api = B(title: "Homestudio payments", description: "Checkouts of held bookings, payments and refunds.")
        let status = B.enumeration(["requires_action", "succeeded", "failed", "partially_refunded", "refunded"])
        api.schema(
            "Payment",
            B.object(
                [
                    "id": B.uuid, "bookingId": B.uuid, "userId": B.uuid, "provider": B.string, "status": status,
                    "amount": B.integer, "currency": B.string, "failureReason": B.string, "createdAt": B.dateTime,
                    "discount": B.integer, "promoCode": B.string,
                ], required: ["id", "bookingId", "userId", "provider", "status", "amount", "currency", "createdAt"]))
        api.operation(
            "POST", "/checkouts",
            "Pay for a held booking. Send an Idempotency-Key: a retry returns the first answer and never charges twice.",
            secured: true,
            body: B.object(
                [
                    "bookingId": B.uuid, "provider": B.enumeration(["simulated", "stripe", "paypal"]),
                    "paymentMethod": ["type": "string", "examples": ["tok_visa", "tok_3ds", "tok_declined"]],
                    "promoCode": B.string, "displayCurrency": B.string,
                    "billing": B.object(["name": B.string, "address": B.string], required: ["name"]),
                ], required: ["bookingId", "paymentMethod"]),
            responses: [
                201: B.object(
                    [
                        "paymentId": B.uuid, "bookingId": B.uuid, "status": status, "amount": B.integer,
                        "currency": B.string, "failureReason": B.string,
                        "nextAction": B.object(["type": B.string, "url": B.string]), "discount": B.integer,
                        "promoCode": B.string,
                        "presentment": B.object([
                            "currency": B.string, "amount": B.integer, "settlementCurrency": B.string,
                        ]),
                    ], required: ["paymentId", "bookingId", "status", "amount", "currency"]),
                403: nil, 404: nil, 409: nil, 422: nil, 503: nil,
            ],
            parameters: [["name": "Idempotency-Key", "in": "header", "schema": B.string]])
        api.operation(
            "GET", "/payments/{id}", "One payment", secured: true, responses: [200: B.ref("Payment"), 404: nil])
        api.operation(
            "POST", "/payments/{id}/confirm",
            "Complete a payment after the provider's step (3-D Secure, PayPal approval); 409 authentication-pending or approval-pending while it is not done",
            secured: true,
            responses: [200: B.ref("Payment"), 404: nil, 409: nil])
        api.operation(
            "POST", "/webhooks/stripe",
            "Stripe events (Stripe-Signature checked on the raw body, deduplicated by event id); 409 while the "
                + "payment is not recorded yet",
            body: ["type": "object"],
            responses: [200: B.object(["received": B.boolean, "result": B.string]), 400: nil, 404: nil, 409: nil])
        let promo = B.object(
            [
                "code": B.string, "kind": B.enumeration(["percent", "fixed"]), "value": B.integer,
                "currency": B.string, "validFrom": B.dateTime, "validUntil": B.dateTime, "maxRedemptions": B.integer,
                "perUserLimit": B.integer, "minAmount": B.integer, "filmIds": B.array(B.uuid),
                "screeningIds": B.array(B.uuid), "cinemaIds": B.array(B.uuid), "redeemed": B.integer,
                "status": B.enumeration(["active", "paused"]), "pausedAt": B.dateTime,
            ], required: ["code", "kind", "value"])
        api.operation(
            "POST", "/promo-codes", "Create a promo code (promotions:write)", secured: true, body: promo,
            responses: [201: promo, 409: nil, 422: nil])
        api.operation(
            "GET", "/promo-codes", "Promo codes with their redemptions (promotions:write)", secured: true,
            responses: [200: B.page(of: promo)])
        for (verb, effect) in [("pause", "checkouts refuse it with 422 promo-code-paused"), ("resume", "usable again")]
        {
            api.operation(
                "POST", "/promo-codes/{code}/\(verb)",
                "\(verb.prefix(1).uppercased() + verb.dropFirst()) a promo code (promotions:write; idempotent): \(effect)",
                secured: true, responses: [200: promo, 404: nil])
        }
        api.operation(
            "GET", "/promo-codes/{code}/redemptions",
            "A promo code's redemptions, newest first (promotions:write or reports:read)", secured: true,
            responses: [
                200: B.page(
                    of: B.object(
                        [
                            "id": B.uuid, "paymentId": B.uuid, "bookingId": B.uuid, "userId": B.uuid,
                            "discount": B.integer, "currency": B.string,
                            "status": B.enumeration(["reserved", "redeemed", "released"]), "createdAt": B.dateTime,
                        ], optional: ["paymentId", "currency"])), 403: nil, 404: nil,
            ], parameters: B.paginationParameters)
        api.operation(
            "POST", "/promo-codes/check",
            "The discount a promo code gives the caller's held booking now, nothing reserved; or the refusal a "
                + "checkout with it would answer (422 unknown-promo-code, promo-code-expired, "
                + "promo-code-not-applicable, promo-code-minimum, promo-code-currency, promo-code-paused; 409 promo-code-exhausted, "
                + "promo-code-limit, hold-expired, booking-not-ready)",
            secured: true,
            body: B.object(["code": B.string, "bookingId": B.uuid], required: ["code", "bookingId"]),
            responses: [
                200: B.object([
                    "code": B.string, "bookingId": B.uuid, "amount": B.integer, "discount": B.integer,
                    "total": B.integer, "currency": B.string,
                ]),
                404: nil, 409: nil, 422: nil,
            ])
        api.operation(
            "GET", "/providers",
            "The payment providers of this installation (simulated always; stripe, paypal when configured)",
            responses: [200: B.page(of: B.object(["name": B.enumeration(["simulated", "stripe", "paypal"])]))])
        api.operation(
            "POST", "/payments/{id}/refunds",
            "Refund a payment in full (cancels the booking) or in part, covering seats (cancels their tickets) or as "
                + "goodwill (payments:refund); send an Idempotency-Key", secured: true,
            body: B.object(
                ["amount": B.integer, "reason": B.string, "seatIds": B.array(B.uuid), "goodwill": B.boolean],
                required: ["reason"]),
            responses: [
                201: B.object([
                    "id": B.uuid, "paymentId": B.uuid, "amount": B.integer, "fee": B.integer, "currency": B.string,
                    "reason": B.string, "paymentStatus": status,
                    "covers": B.enumeration(["booking", "seats", "goodwill"]), "seatIds": B.array(B.uuid),
                ]),
                404: nil, 409: nil, 422: nil,
            ],
            parameters: [["name": "Idempotency-Key", "in": "header", "schema": B.string]])
        api.operation(
            "GET", "/cancellation-quote",
            "What cancelling the caller's paid booking would refund now: what remains of its payment less the "
                + "cancellation fee (a dry run; scheduling's cancellableUntil says until when); 404 without a paid payment",
            secured: true,
            responses: [
                200: B.object([
                    "bookingId": B.uuid, "paymentId": B.uuid, "paid": B.integer, "refunded": B.integer,
                    "feePercent": B.integer, "fee": B.integer, "refund": B.integer, "currency": B.string,
                ]),
                404: nil, 422: nil,
            ],
            parameters: [["name": "bookingId", "in": "query", "required": true, "schema": B.uuid]])
        let invoice = B.object(
            [
                "id": B.uuid, "number": B.string, "kind": B.enumeration(["invoice", "credit_note"]),
                "paymentId": B.uuid, "userId": B.uuid,
                "buyer": B.object(
                    ["email": B.string, "name": B.string, "address": B.string], optional: ["name", "address"]),
                "seller": B.object(
                    ["name": B.string, "address": B.string, "vatNumber": B.string, "country": B.string],
                    optional: ["country"]),
                "vatBreakdown": B.array(
                    B.object(["ratePermille": B.integer, "net": B.integer, "vat": B.integer, "gross": B.integer])),
                "lines": B.array(B.object(["description": B.string, "amount": B.integer])), "netTotal": B.integer,
                "vatTotal": B.integer, "total": B.integer, "vatRatePermille": B.integer, "currency": B.string,
                "issuedAt": B.dateTime, "relatesTo": B.string,
            ], optional: ["relatesTo"])
        api.operation(
            "GET", "/invoices", "The caller's invoices and credit notes (all=true with reports:read: everyone's)",
            secured: true, responses: [200: B.page(of: invoice)],
            parameters: [
                ["name": "all", "in": "query", "schema": B.boolean],
                [
                    "name": "bookingId", "in": "query", "schema": B.uuid,
                    "description": "Only the invoice and credit notes of this booking's payments",
                ],
            ])
        api.operation(
            "GET", "/invoices/{id}", "One invoice or credit note", secured: true, responses: [200: invoice, 404: nil])
        api.operation(
            "GET", "/invoices/{id}/pdf", "An invoice or credit note as PDF", secured: true,
            responses: [200: nil, 404: nil])
        api.operation(
            "GET", "/payments/{id}/timeline",
            "What happened to a payment, oldest first: attempts, 3-D Secure, webhooks, outcome, refunds, invoices, "
                + "promo code, fraud signals (reports:read or payments:refund)", secured: true,
            responses: [
                200: B.page(
                    of: B.object(
                        [
                            "at": B.dateTime,
                            "kind": B.enumeration([
                                "attempt", "3ds", "succeeded", "failed", "webhook", "earlier-attempt", "refund",
                                "invoice", "promo", "fraud",
                            ]),
                            "summary": B.string, "details": ["type": "object", "additionalProperties": B.string],
                        ], required: ["at", "kind", "summary", "details"])), 403: nil, 404: nil,
            ])
        let signal = B.object(
            [
                "id": B.uuid, "rule": B.string, "action": B.enumeration(["blocked", "authentication-required"]),
                "userId": B.uuid, "bookingId": B.uuid, "clientAddress": B.string, "detail": B.string,
                "createdAt": B.dateTime, "decision": B.enumeration(["legitimate", "fraud"]), "note": B.string,
                "reviewedAt": B.dateTime, "reviewedBy": B.uuid,
            ], optional: ["clientAddress", "decision", "note", "reviewedAt", "reviewedBy"])
        api.operation(
            "GET", "/fraud-signals",
            "What the fraud rules flagged, newest first (reports:read); reviewed=true|false: reviewed or not yet",
            secured: true,
            responses: [200: B.page(of: signal), 422: nil],
            parameters: [["name": "reviewed", "in": "query", "schema": B.enumeration(["true", "false"])]])
        api.operation(
            "POST", "/fraud-signals/{id}/review",
            "Staff's decision on a fraud signal (payments:refund), kept with who and when; a new review replaces it",
            secured: true,
            body: B.object(
                ["decision": B.enumeration(["legitimate", "fraud"]), "note": B.string], required: ["decision"]),
            responses: [200: signal, 404: nil, 422: nil])
        let range: [JSONValue] = [
            ["name": "from", "in": "query", "schema": B.dateTime], ["name": "to", "in": "query", "schema": B.dateTime],
        ]
        let historyFilters: [JSONValue] =
            range + [["name": "status", "in": "query", "schema": status]] + B.paginationParameters
        api.operation(
            "GET", "/me/payments", "The caller's payments, newest first", secured: true,
            responses: [200: B.page(of: B.ref("Payment")), 422: nil], parameters: historyFilters)
        api.operation(
            "GET", "/payments", "Everyone's payments, newest first (reports:read)", secured: true,
            responses: [200: B.page(of: B.ref("Payment")), 422: nil],
            parameters: historyFilters + [
                ["name": "userId", "in": "query", "schema": B.uuid],
                ["name": "filmId", "in": "query", "schema": B.uuid],
            ])
        // Cells: text, or integers (counts; amounts in minor units of the row's currency column).
        let cell: JSONValue = ["oneOf": [B.string, B.integer]]
        let table = B.object(
            [
                "columns": B.array(B.string), "rows": B.array(B.array(cell)), "cinemaId": B.uuid,
            ], optional: ["cinemaId"])
        let cinema: JSONValue = ["name": "cinemaId", "in": "query", "schema": B.uuid]
        let format: JSONValue = ["name": "format", "in": "query", "schema": B.enumeration(["json", "csv", "pdf"])]
        api.operation(
            "GET", "/reports/revenue",
            "Revenue by day, film, cinema or currency — payments, tickets, gross, discounts, refunds, net — "
                + "(reports:read); cinemaId: that cinema's bookings only (echoed); format=csv or pdf",
            secured: true, responses: [200: table, 422: nil],
            parameters: range + [
                format, cinema,
                ["name": "by", "in": "query", "schema": B.enumeration(["day", "film", "cinema", "currency"])],
            ])
        api.operation(
            "GET", "/reports/refunds", "Refunds by reason (reports:read); cinemaId; format=csv or pdf",
            secured: true, responses: [200: table, 422: nil], parameters: range + [format, cinema])
        api.operation(
            "GET", "/reports/promos", "Promo-code usage (reports:read); cinemaId; format=csv or pdf", secured: true,
            responses: [200: table, 422: nil], parameters: range + [format, cinema])
        api.operation(
            "PUT", "/rates/{base}/{quote}", "Set an exchange rate (payments:refund)", secured: true,
            body: B.object(["rate": ["type": "number"]], required: ["rate"]), responses: [204: nil, 422: nil])
        api.operation(
            "GET", "/rates/convert", "An indicative conversion of minor units between currencies",
            responses: [
                200: B.object([
                    "amount": B.integer, "from": B.string, "to": B.string, "converted": B.integer,
                    "rate": ["type": "number"], "indicative": B.boolean,
                ]),
                404: nil, 422: nil,
            ],
            parameters: [
                ["name": "amount", "in": "query", "schema": B.integer],
                ["name": "from", "in": "query", "schema": B.string],
                ["name": "to", "in": "query", "schema": B.string],
            ])
        api.operation(
            "POST", "/webhooks/paypal",
            "PayPal events (verified with PayPal's verify-webhook-signature, deduplicated by event id)",
            body: ["type": "object"],
            responses: [
                200: B.object(["received": B.boolean, "result": B.string]), 400: nil, 404: nil, 409: nil, 503: nil,
            ])
        return api.document
    }
}
