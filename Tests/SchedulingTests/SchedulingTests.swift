import Foundation
import ServiceKit
import TestSupport
import Testing

@testable import Scheduling

@Suite("scheduling")
struct SchedulingTests {
    @Test("the OpenAPI document lists exactly the routes scheduling serves")
    func openAPIMatchesRoutes() throws {
        let config = SchedulingConfig(reader: ConfigReaderFactory.make([:]))
        let (documented, served) = try RouteContract.compare(SchedulingService.blueprint(config: config))
        #expect(documented == served)
        #expect(served.contains("POST /screenings/{id}/holds"))
    }

    @Test("the README's HTTP section names every route of the OpenAPI document")
    func readmeNamesEveryRoute() throws {
        let config = SchedulingConfig(reader: ConfigReaderFactory.make([:]))
        let (documented, _) = try RouteContract.compare(SchedulingService.blueprint(config: config))
        let named = try ReadmeRoutes.named(inReadmeOf: "scheduling")
        #expect(documented.subtracting(named).sorted() == [])
        #expect(
            ReadmeRoutes.named(in: "`GET/POST /a/{id}?x=1`, `/b`") == [
                "GET /a/{id}", "POST /a/{id}", "GET /b", "POST /b",
            ])
    }

    @Test("a seat map numbers seats per row and leaves a column for each aisle")
    func seatMap() throws {
        let input = CinemaController.AuditoriumInput(
            name: "Salle 1",
            rows: [
                .init(label: "A", seats: 4, gapsAfter: [2], kinds: ["1": "wheelchair", "2": "companion"]),
                .init(label: "B", seats: 3, gapsAfter: nil, kinds: nil),
            ])
        let seats = try CinemaController.seatMap(input)
        #expect(seats.count == 7)
        #expect(seats.filter { $0.row == "A" }.map(\.columnIndex) == [0, 1, 3, 4])
        #expect(seats.first?.kind == "wheelchair")
        #expect(seats.last?.rowIndex == 1)
    }

    @Test("invalid seat maps are refused with the field at fault")
    func invalidSeatMap() {
        let duplicate = CinemaController.AuditoriumInput(
            name: "X",
            rows: [
                .init(label: "A", seats: 2, gapsAfter: nil, kinds: nil),
                .init(label: "A", seats: 2, gapsAfter: nil, kinds: nil),
            ])
        #expect(throws: AppError.self) { try CinemaController.seatMap(duplicate) }
        let badKind = CinemaController.AuditoriumInput(
            name: "X", rows: [.init(label: "A", seats: 2, gapsAfter: nil, kinds: ["1": "sofa"])])
        #expect(throws: AppError.self) { try CinemaController.seatMap(badKind) }
    }

    @Test("ticket codes are unambiguous and their signature depends on the secret and the payload")
    func tickets() {
        let code = TicketCode.make()
        #expect(code.count == 10)
        #expect(!code.contains("0") && !code.contains("O") && !code.contains("1") && !code.contains("I"))
        let signature = TicketCode.sign("\(code)|b|s", secret: "k1")
        #expect(signature == TicketCode.sign("\(code)|b|s", secret: "k1"))
        #expect(signature != TicketCode.sign("\(code)|b|s", secret: "k2"))
        #expect(signature != TicketCode.sign("\(code)|b|t", secret: "k1"))
    }

    /// One row of `count` seats (columns 0…), aisles after the given columns; `taken` by number.
    func row(
        _ label: String, index: Int, count: Int, aisleAfter: Set<Int> = [], taken: Set<Int> = [],
        kinds: [Int: String] = [:]
    )
        -> [SeatCell]
    {
        var column = 0
        return (1...count).map { number in
            defer { column += aisleAfter.contains(number) ? 2 : 1 }
            return SeatCell(
                id: UUID(), label: "\(label)\(number)", row: index, column: column, kind: kinds[number] ?? "standard",
                taken: taken.contains(number))
        }
    }

    @Test("orphan seats: a single free seat between taken ones, not beside an aisle or the row's end")
    func orphanRule() {
        let seats = row("A", index: 0, count: 8, aisleAfter: [4], taken: [1])
        let ids = { (numbers: [Int]) in Set(numbers.map { seats[$0 - 1].id }) }
        #expect(SeatRules.orphans(in: seats, taking: ids([3])).map(\.label) == ["A2"])
        #expect(SeatRules.orphans(in: seats, taking: ids([2, 3])).isEmpty)
        #expect(SeatRules.orphans(in: seats, taking: ids([3, 5])).map(\.label) == ["A2"])  // A4 has the aisle
        #expect(SeatRules.orphans(in: seats, taking: ids([6, 8])).map(\.label) == ["A7"])
        #expect(SeatRules.orphans(in: seats, taking: ids([7])).isEmpty)  // A8 at the row's end
        // A seat that was already alone is not blamed on the new selection.
        let lonely = row("B", index: 1, count: 4, taken: [1, 3])
        #expect(SeatRules.orphans(in: lonely, taking: [lonely[3].id]).isEmpty)
    }

    @Test("best available: together, central, two thirds back; wheelchair with companion only on request")
    func bestAvailableRule() {
        let seats =
            row("A", index: 0, count: 6, kinds: [1: "wheelchair", 2: "companion"])
            + row("B", index: 1, count: 8, aisleAfter: [4], taken: [2]) + row("C", index: 2, count: 8)
        #expect(SeatRules.bestAvailable(seats, count: 2, wheelchair: false)?.map(\.label) == ["C4", "C5"])
        #expect(SeatRules.bestAvailable(seats, count: 2, wheelchair: true)?.map(\.label) == ["A1", "A2"])
        #expect(SeatRules.bestAvailable(seats, count: 1, wheelchair: true)?.map(\.label) == ["A1"])
        let threes = SeatRules.bestAvailable(seats, count: 3, wheelchair: false) ?? []
        #expect(threes.count == 3 && Set(threes.map(\.row)) == [2])
        #expect(SeatRules.bestAvailable(seats, count: 9, wheelchair: false) == nil)
        // Row B's aisle splits it: no block of 5 there.
        #expect(SeatRules.bestAvailable(seats.filter { $0.row == 1 }, count: 5, wheelchair: false) == nil)
        // The central D3–D4 would leave D2 alone next to the taken D1: the next best is chosen.
        let rowD = row("D", index: 0, count: 6, taken: [1])
        #expect(SeatRules.bestAvailable(rowD, count: 2, wheelchair: false)?.map(\.label) == ["D2", "D3"])
    }

    @Test("price cards: the most specific matching rule wins, ties go to the lower price, time windows wrap")
    func pricing() {
        let rules = [
            PriceRule(audience: "adult", amount: 1000),
            PriceRule(audience: "adult", seatKind: "premium", amount: 1400),
            PriceRule(audience: "adult", format: "3D", amount: 1300),
            PriceRule(audience: "adult", seatKind: "premium", format: "3D", amount: 1600),
            PriceRule(audience: "child", amount: 700),
            PriceRule(audience: "adult", days: [2], from: "10:00", to: "14:00", amount: 650),
            PriceRule(audience: "student", from: "22:00", to: "02:00", amount: 500),
        ]
        let tuesdayNoon = PricingContext(format: "2D", weekday: 2, minute: 12 * 60)
        let fridayNight = PricingContext(format: "3D", weekday: 5, minute: 23 * 60)
        #expect(Pricing.price(rules, audience: "adult", seatKind: "standard", at: fridayNight) == 1300)
        #expect(Pricing.price(rules, audience: "adult", seatKind: "premium", at: fridayNight) == 1600)
        #expect(Pricing.price(rules, audience: "adult", seatKind: "standard", at: tuesdayNoon) == 650)
        // premium (1 condition) ties with the Tuesday lunch rule (days + time = 2 conditions): the latter wins.
        #expect(Pricing.price(rules, audience: "adult", seatKind: "premium", at: tuesdayNoon) == 650)
        #expect(Pricing.price(rules, audience: "child", seatKind: "premium", at: fridayNight) == 700)
        #expect(Pricing.price(rules, audience: "student", seatKind: "standard", at: fridayNight) == 500)
        let afterMidnight = PricingContext(format: "2D", weekday: 6, minute: 60)
        #expect(Pricing.price(rules, audience: "student", seatKind: "standard", at: afterMidnight) == 500)
        #expect(Pricing.price(rules, audience: "student", seatKind: "standard", at: tuesdayNoon) == nil)
        #expect(Pricing.price(rules, audience: "senior", seatKind: "standard", at: tuesdayNoon) == nil)
        let tie = [
            PriceRule(audience: "adult", seatKind: "premium", amount: 1400),
            PriceRule(audience: "adult", format: "2D", amount: 1200),
        ]
        #expect(Pricing.price(tie, audience: "adult", seatKind: "premium", at: tuesdayNoon) == 1200)
    }

    @Test("price card validation names each bad rule field")
    func pricingValidation() {
        let fields = Pricing.problems([
            PriceRule(audience: "robot", amount: 100),
            PriceRule(audience: "adult", days: [0], from: "25:00", amount: -1),
        ]).map(\.field)
        #expect(fields == ["rules[0].audience", "rules[1].days", "rules[1].from", "rules[1].amount"])
        #expect(Pricing.problems([]).map(\.field) == ["rules"])
        #expect(Pricing.problems([PriceRule(audience: "senior", seatKind: "premium", to: "24:00", amount: 0)]).isEmpty)
    }

    @Test("a price card edit names every bad field at once and checks only the fields it changes")
    func priceCardEditValidation() {
        let fields = PriceCardController.problems(
            name: "  ", rules: [PriceRule(audience: "adult", format: "4DX", amount: 100_001)]
        ).map(\.field)
        #expect(fields == ["rules[0].format", "rules[0].amount", "name"])
        #expect(PriceCardController.problems(name: nil, rules: nil).isEmpty)
        #expect(PriceCardController.problems(name: nil, rules: []).map(\.field) == ["rules"])
        #expect(
            PriceCardController.problems(name: String(repeating: "x", count: 101), rules: nil).map(\.field) == ["name"])
    }

    @Test("every event it publishes or consumes is in the AsyncAPI catalogue")
    func eventCatalogue() throws {
        let documented = try EventCatalogue.documentedTypes()
        let published: Set<String> = Set([
            ScreeningScheduled.type, BookingHeld.type, BookingConfirmed.type, BookingExpired.type,
            BookingCancelled.type, BookingHoldExtended.type, ScreeningCancelled.type, ScreeningRescheduled.type,
            ScreeningOccupancyReached.type, AuditoriumChanged.type,
        ])
        let consumed = EventCatalogue.consumedTypes(
            SchedulingService.blueprint(config: SchedulingConfig(reader: ConfigReaderFactory.make([:]))))
        #expect(published.subtracting(documented).isEmpty, "undocumented: \(published.subtracting(documented))")
        #expect(consumed.subtracting(documented).isEmpty, "undocumented: \(consumed.subtracting(documented))")
    }
}
