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

    @Test("every event it publishes or consumes is in the AsyncAPI catalogue")
    func eventCatalogue() throws {
        let documented = try EventCatalogue.documentedTypes()
        let published: Set<String> = Set([
            ScreeningScheduled.type, BookingHeld.type, BookingConfirmed.type, BookingExpired.type,
            BookingCancelled.type,
        ])
        let consumed = EventCatalogue.consumedTypes(
            SchedulingService.blueprint(config: SchedulingConfig(reader: ConfigReaderFactory.make([:]))))
        #expect(published.subtracting(documented).isEmpty, "undocumented: \(published.subtracting(documented))")
        #expect(consumed.subtracting(documented).isEmpty, "undocumented: \(consumed.subtracting(documented))")
    }
}
