import ServiceKit

/// scheduling's OpenAPI document (served at /openapi.json; checked against the routes by a test).
enum SchedulingOpenAPI {
    typealias B = OpenAPIBuilder

    static var document: OpenAPIDocument {
        var api = B(
            title: "Homestudio scheduling", description: "Cinemas, seat maps, screenings, seat holds and bookings.")
        schemas(&api)
        let created = B.object(["id": B.uuid])
        api.operation(
            "GET", "/cinemas", "Cinemas with their auditoriums", responses: [200: B.page(of: B.ref("Cinema"))])
        api.operation(
            "POST", "/cinemas", "Add a cinema (cinemas:write)", secured: true,
            body: B.object(
                [
                    "name": B.string, "city": B.string, "timezone": B.string, "currency": B.string,
                    "legalEntity": B.ref("LegalEntity"),
                ],
                required: ["name", "city"]),
            responses: [201: created, 409: nil, 422: nil])
        api.operation(
            "POST", "/cinemas/{id}/auditoriums", "Add an auditorium and its seat map (cinemas:write)", secured: true,
            body: B.object(
                [
                    "name": B.string,
                    "rows": B.array(
                        B.object(
                            [
                                "label": B.string, "seats": B.integer, "gapsAfter": B.array(B.integer),
                                "kinds": ["type": "object", "additionalProperties": B.string],
                                "blocked": B.array(B.integer),
                            ], required: ["label", "seats"])),
                ]), responses: [201: created, 404: nil, 409: nil])
        api.operation(
            "GET", "/cinemas/{id}/auditoriums", "A cinema's auditoriums with their capacity (seats not blocked)",
            responses: [
                200: B.page(of: B.object(["id": B.uuid, "name": B.string, "capacity": B.integer])), 404: nil,
            ])
        api.operation(
            "GET", "/auditoriums/{id}/seats", "An auditorium's seat map",
            responses: [200: B.page(of: B.ref("Seat")), 404: nil])
        api.operation(
            "PUT", "/auditoriums/{id}",
            "Rename an auditorium and replace its seat map (cinemas:write): seats keep their identity by row and "
                + "number; 409 auditorium-in-use while screenings to come have seats held or sold, 409 "
                + "seat-has-history when removing a seat that was ever booked (block it instead)",
            secured: true,
            body: B.object(
                [
                    "name": B.string,
                    "rows": B.array(
                        B.object(
                            [
                                "label": B.string, "seats": B.integer, "gapsAfter": B.array(B.integer),
                                "kinds": ["type": "object", "additionalProperties": B.string],
                                "blocked": B.array(B.integer),
                            ], required: ["label", "seats"])),
                ]), responses: [200: B.page(of: B.ref("Seat")), 404: nil, 409: nil, 422: nil])
        api.operation(
            "GET", "/screenings", "Upcoming screenings, by film, cinema and local day",
            responses: [200: B.page(of: B.ref("Screening")), 422: nil],
            parameters: B.paginationParameters + [
                ["name": "filmId", "in": "query", "schema": B.uuid],
                ["name": "cinemaId", "in": "query", "schema": B.uuid],
                ["name": "date", "in": "query", "schema": ["type": "string", "format": "date"]],
                ["name": "from", "in": "query", "schema": B.dateTime],
                ["name": "to", "in": "query", "schema": B.dateTime],
            ])
        api.operation(
            "POST", "/screenings", "Schedule a screening (screenings:write); 409 when the auditorium is busy",
            secured: true,
            body: B.object(
                [
                    "filmId": B.uuid, "auditoriumId": B.uuid, "startsAt": B.dateTime, "priceAmount": B.integer,
                    "currency": B.string, "format": B.enumeration(["2D", "3D", "IMAX"]),
                    "version": B.enumeration(["VF", "VO", "VOSTFR"]), "priceCardId": B.uuid,
                    "audioLanguage": B.string, "subtitleLanguage": B.string,
                ], required: ["filmId", "auditoriumId", "startsAt", "priceAmount"]),
            responses: [201: created, 409: nil, 422: nil])
        api.operation("GET", "/screenings/{id}", "One screening", responses: [200: B.ref("Screening"), 404: nil])
        api.operation(
            "GET", "/screenings/{id}/seats", "The seat map of a screening with each seat's state",
            responses: [200: B.page(of: B.ref("SeatState")), 404: nil])
        api.operation(
            "GET", "/screenings/{id}/seats/live",
            "The seat map as server-sent events: a `seats` event now and after every change",
            responses: [200: nil, 404: nil])
        api.operation(
            "GET", "/screenings/{id}/best-available",
            "The best free seats side by side (wheelchair=true: with a wheelchair and a companion seat)",
            responses: [200: B.page(of: B.ref("SeatState")), 404: nil, 409: nil, 422: nil],
            parameters: [
                ["name": "seats", "in": "query", "schema": ["type": "integer", "minimum": 1, "maximum": 10]],
                ["name": "wheelchair", "in": "query", "schema": ["type": "boolean"]],
            ])
        api.operation(
            "POST", "/screenings/check",
            "Dry run (screenings:write): the screenings a new or moved one would overlap, buffers included",
            secured: true,
            body: B.object(
                [
                    "filmId": B.uuid, "auditoriumId": B.uuid, "startsAt": B.dateTime, "excludeScreeningId": B.uuid,
                ], required: ["filmId", "auditoriumId", "startsAt"]),
            responses: [
                200: B.object([
                    "startsAt": B.dateTime, "endsAt": B.dateTime, "conflicts": B.array(B.ref("Screening")),
                ])
            ])
        api.operation(
            "PATCH", "/screenings/{id}",
            "Move a screening (screenings:write): to another time, to another auditorium of its cinema and/or to "
                + "another film (each part left out stays); 409 screening-conflict when the auditorium is busy, 409 "
                + "screening-has-bookings to change the auditorium or film once seats are held or sold",
            secured: true,
            body: B.object(["startsAt": B.dateTime, "auditoriumId": B.uuid, "filmId": B.uuid]),
            responses: [200: B.ref("Screening"), 404: nil, 409: nil, 422: nil])
        api.operation(
            "POST", "/screenings/{id}/cancel",
            "Cancel the screening and its bookings (screenings:write); paid ones are refunded", secured: true,
            body: B.object(["reason": B.string]),
            responses: [200: B.object(["cancelledBookings": B.integer]), 409: nil])
        api.operation(
            "POST", "/screenings/{id}/holds",
            "Hold seats for the caller; 409 when a seat is taken, 422 when it would leave an orphan seat",
            secured: true,
            body: B.object(
                [
                    "seatIds": B.array(B.uuid),
                    "audiences": [
                        "type": "object",
                        "additionalProperties": B.enumeration(["adult", "child", "student", "senior"]),
                    ],
                ], required: ["seatIds"]),
            responses: [201: B.ref("Booking"), 404: nil, 409: nil, 422: nil])
        api.operation(
            "POST", "/bookings/{id}/extend", "Extend the caller's hold, once", secured: true,
            responses: [200: B.object(["expiresAt": B.dateTime]), 404: nil, 409: nil])
        api.operation(
            "POST", "/bookings/{id}/release", "Give the caller's held seats back", secured: true,
            responses: [204: nil, 404: nil, 409: nil])
        api.operation(
            "POST", "/bookings/{id}/cancel",
            "Cancel the caller's paid booking until the cutoff before the screening; payments refunds it less the fee",
            secured: true, responses: [202: nil, 404: nil, 409: nil])
        api.operation(
            "POST", "/tickets/check",
            "Check a ticket at the door (bookings:manage): the scanned QR payload HS1.<code>.<signature>, or code "
                + "with an optional signature; 409 ticket-cancelled for a refunded or cancelled one, 422 for a wrong "
                + "signature or a malformed payload",
            secured: true,
            body: B.object([
                "payload": ["type": "string", "pattern": "^HS1\\.[A-Z2-9]+\\.[A-Za-z0-9_-]+$"], "code": B.string,
                "signature": B.string,
            ]),
            responses: [
                200: B.object([
                    "code": B.string, "bookingId": B.uuid, "screeningId": B.uuid, "row": B.string, "number": B.integer,
                    "startsAt": B.dateTime, "status": B.string,
                ]),
                404: nil, 409: nil, 422: nil,
            ])
        api.operation(
            "GET", "/bookings/{id}", "One of the caller's bookings", secured: true,
            responses: [200: B.ref("Booking"), 404: nil])
        api.operation(
            "GET", "/me/bookings", "The caller's bookings, newest first", secured: true,
            responses: [200: B.page(of: B.ref("Booking"))], parameters: B.paginationParameters)
        occupancy(&api)
        priceCards(&api)
        return api.document
    }

    static func priceCards(_ api: inout B) {
        let rule = B.object(
            [
                "audience": B.enumeration(["adult", "child", "student", "senior"]),
                "seatKind": B.enumeration(["standard", "premium", "wheelchair", "companion"]),
                "format": B.enumeration(["2D", "3D", "IMAX"]),
                "days": B.array(["type": "integer", "minimum": 1, "maximum": 7]),
                "from": ["type": "string", "pattern": "^[0-2][0-9]:[0-5][0-9]$"],
                "to": ["type": "string", "pattern": "^[0-2][0-9]:[0-5][0-9]$"], "amount": B.integer,
            ], required: ["audience", "amount"])
        let card = B.object(
            [
                "id": B.uuid, "cinemaId": B.uuid, "name": B.string, "rules": B.array(rule), "updatedAt": B.dateTime,
                "retiredAt": B.dateTime,
            ], required: ["id", "cinemaId", "name", "rules", "updatedAt"])
        api.operation(
            "GET", "/cinemas/{id}/price-cards",
            "A cinema's price cards: the live ones (status=active, the default), the retired ones or all",
            responses: [200: B.page(of: card), 422: nil],
            parameters: [["name": "status", "in": "query", "schema": B.enumeration(["active", "retired", "all"])]])
        api.operation(
            "POST", "/cinemas/{id}/price-cards",
            "Create a price card (cinemas:write): the most specific matching rule prices a seat", secured: true,
            body: B.object(["name": B.string, "rules": B.array(rule)], required: ["name", "rules"]),
            responses: [201: card, 404: nil, 409: nil, 422: nil])
        api.operation(
            "PATCH", "/cinemas/{id}/price-cards/{cardId}",
            "Edit a live price card's name and/or rules (cinemas:write): they price the seats held from now on;"
                + " seats already held keep their prices. 409 price-card-retired, 409 price-card-exists",
            secured: true, body: B.object(["name": B.string, "rules": B.array(rule)], required: []),
            responses: [200: card, 404: nil, 409: nil, 422: nil])
        api.operation(
            "POST", "/cinemas/{id}/price-cards/{cardId}/retire",
            "Retire a price card (cinemas:write): no new screening may use it; the screenings that do keep"
                + " their prices. Retiring a retired card changes nothing",
            secured: true, responses: [200: card, 404: nil])
    }

    static func occupancy(_ api: inout B) {
        let screening = B.object([
            "id": B.uuid, "filmId": B.uuid, "filmTitle": B.string, "startsAt": B.dateTime, "endsAt": B.dateTime,
            "format": B.string, "version": B.string, "status": B.string, "sold": B.integer, "held": B.integer,
            "bookings": B.integer, "fillRate": ["type": "number"],
        ])
        api.operation(
            "GET", "/cinemas/{id}/calendar",
            "The planning board of a week (screenings:write): every auditorium's screenings with fill rates",
            secured: true,
            responses: [
                200: B.object([
                    "cinemaId": B.uuid, "timezone": B.string, "weekStart": B.dateTime, "weekEnd": B.dateTime,
                    "auditoriums": B.array(
                        B.object([
                            "id": B.uuid, "name": B.string, "capacity": B.integer, "screenings": B.array(screening),
                        ])),
                ]),
                404: nil, 422: nil,
            ],
            parameters: [["name": "week", "in": "query", "schema": ["type": "string", "format": "date"]]])
        api.operation(
            "GET", "/stats/sales-lead-time",
            "Confirmed bookings and their tickets by hours between confirmation and the screening's start (0–2 h, "
                + "2–6 h, 6–24 h, 1–3 days, 3–7 days, 7+ days), confirmed in [from, to) (default the last 30 days); "
                + "format=json, csv or pdf (reports:read)", secured: true,
            responses: [
                200: B.object([
                    "from": B.dateTime, "to": B.dateTime,
                    "items": B.array(
                        B.object(
                            [
                                "key": B.string, "label": B.string, "fromHours": B.integer, "toHours": B.integer,
                                "bookings": B.integer, "tickets": B.integer,
                            ], optional: ["toHours"])),
                ]), 403: nil, 422: nil,
            ],
            parameters: [
                ["name": "from", "in": "query", "schema": B.dateTime],
                ["name": "to", "in": "query", "schema": B.dateTime],
                ["name": "cinemaId", "in": "query", "schema": B.uuid],
                ["name": "format", "in": "query", "schema": B.enumeration(["json", "csv", "pdf"])],
            ])
        api.operation(
            "GET", "/stats/fill-rates",
            "Fill rates by screening, film, auditorium or day (reports:read); format=csv or pdf",
            secured: true,
            responses: [
                200: B.object([
                    "by": B.string, "from": B.dateTime, "to": B.dateTime,
                    "items": B.array(
                        B.object([
                            "key": B.string, "label": B.string, "screenings": B.integer, "capacity": B.integer,
                            "sold": B.integer, "fillRate": ["type": "number"],
                        ])),
                ]),
                422: nil,
            ],
            parameters: [
                ["name": "by", "in": "query", "schema": B.enumeration(["screening", "film", "auditorium", "day"])],
                ["name": "from", "in": "query", "schema": B.dateTime],
                ["name": "to", "in": "query", "schema": B.dateTime],
                ["name": "cinemaId", "in": "query", "schema": B.uuid],
                ["name": "format", "in": "query", "schema": B.enumeration(["json", "csv", "pdf"])],
            ])
    }

    static func schemas(_ api: inout B) {
        api.schema(
            "LegalEntity",
            B.object(
                [
                    "name": B.string, "address": B.string, "country": B.string, "vatNumber": B.string,
                    "vatRates": B.array(
                        B.object(
                            ["ratePermille": B.integer, "validFrom": B.string], required: ["ratePermille", "validFrom"])
                    ),
                ], required: ["name", "address", "country", "vatNumber", "vatRates"]))
        api.schema(
            "Cinema",
            B.object(
                [
                    "id": B.uuid, "name": B.string, "city": B.string, "timezone": B.string, "currency": B.string,
                    "legalEntity": B.ref("LegalEntity"),
                    "auditoriums": B.array(B.object(["id": B.uuid, "name": B.string, "capacity": B.integer])),
                ], optional: ["legalEntity"]))
        let kind = B.enumeration(["standard", "premium", "wheelchair", "companion", "blocked"])
        let seat: [String: JSONValue] = [
            "id": B.uuid, "row": B.string, "number": B.integer, "rowIndex": B.integer, "columnIndex": B.integer,
            "kind": kind,
        ]
        api.schema("Seat", B.object(seat))
        api.schema(
            "SeatState", B.object(seat.merging(["state": B.enumeration(["free", "held", "sold", "blocked"])]) { $1 }))
        api.schema(
            "Screening",
            B.object(
                [
                    "id": B.uuid, "filmId": B.uuid, "filmTitle": B.string, "auditoriumId": B.uuid,
                    "auditoriumName": B.string, "cinemaId": B.uuid, "timezone": B.string,
                    "capacity": B.integer, "seatsFree": B.integer, "wheelchairFree": B.integer,
                    "cinemaName": B.string, "startsAt": B.dateTime, "endsAt": B.dateTime, "priceAmount": B.integer,
                    "currency": B.string, "format": B.string, "version": B.string, "status": B.string,
                    "priceCardId": B.uuid, "audioLanguage": B.string, "subtitleLanguage": B.string,
                ], optional: ["priceCardId", "subtitleLanguage"]))
        api.schema(
            "Booking",
            B.object([
                "id": B.uuid, "screeningId": B.uuid, "userId": B.uuid,
                "status": B.enumeration(["held", "confirmed", "expired", "cancelled"]), "amount": B.integer,
                "currency": B.string, "expiresAt": B.dateTime, "createdAt": B.dateTime,
                "filmId": B.uuid, "filmTitle": B.string, "startsAt": B.dateTime, "endsAt": B.dateTime,
                "cinemaId": B.uuid, "cinemaName": B.string, "auditoriumName": B.string, "timezone": B.string,
                "cancellableUntil": B.dateTime, "extended": B.boolean,
                "seats": B.array(
                    B.object(["seatId": B.uuid, "row": B.string, "number": B.integer, "price": B.integer])),
                "tickets": B.array(
                    B.object([
                        "code": B.string, "row": B.string, "number": B.integer, "signature": B.string,
                        "status": B.enumeration(["valid", "cancelled"]),
                    ])),
            ]))
    }
}
