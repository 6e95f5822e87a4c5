import Foundation
import TestSupport
import Testing

/// Spans reach an OpenTelemetry collector (the suite's services export to `FakeCollector` on
/// HS_TEST_OTLP_PORT): one call through the gateway is one trace across HTTP and AMQP hops.
@Suite("Trace export", .enabled(if: TestEnvironment.isAvailable), .serialized)
struct TraceExportTests {
    let fixtures = Fixtures()

    static func hex(_ bytes: Int) -> String {
        (0..<bytes).map { _ in String(format: "%02x", UInt8.random(in: 0...255)) }.joined()
    }

    @Test("a hold is one trace: gateway SERVER → its CLIENT call → scheduling SERVER → payments CONSUMER")
    func holdIsOneTrace() async throws {
        let collector = FakeCollector()
        try await collector.start(port: TestEnvironment.otlpPort)
        defer { Task { await collector.stop() } }
        let admin = try await fixtures.admin()
        let film = try await fixtures.newFilm(admin)
        let (auditorium, seats) = try await fixtures.newAuditorium(admin)
        let screening = try await fixtures.newScreening(admin, film: film, auditorium: auditorium)
        let (user, _) = try await fixtures.newUser()
        let trace = Self.hex(16)
        let caller = Self.hex(8)
        let held = try await user.post(
            "/api/scheduling/screenings/\(screening)/holds", ["seatIds": [seats[0]]],
            headers: ["traceparent": "00-\(trace)-\(caller)-01"])
        #expect(held.status == 201)

        let spans = try await eventually(timeout: .seconds(20), "the trace's spans at the collector") {
            let spans = await collector.spans(trace: trace)
            // Each service sends its batch on its own (at least once a second): wait for all four.
            let expected = [("gateway", 2), ("gateway", 3), ("scheduling", 2), ("payments", 5)]
            let all = expected.allSatisfy { service, kind in
                spans.contains { $0.service == service && $0.kind == kind }
            }
            return all ? spans : nil
        }
        let edge = try #require(spans.first { $0.service == "gateway" && $0.kind == 2 })
        #expect(edge.parentSpanID == caller)
        #expect(edge.attributes["http.response.status_code"] == "201")
        let call = try #require(spans.first { $0.service == "gateway" && $0.kind == 3 })
        #expect(call.parentSpanID == edge.spanID)
        #expect(call.name == "POST scheduling")
        let server = try #require(spans.first { $0.service == "scheduling" && $0.kind == 2 })
        #expect(server.parentSpanID == call.spanID)
        #expect(server.name == "POST /screenings/{id}/holds")
        let consumer = try #require(spans.first { $0.service == "payments" && $0.kind == 5 })
        #expect(consumer.name == "scheduling.booking.held process")
        #expect(consumer.parentSpanID == server.spanID)
        #expect(consumer.attributes["messaging.system"] == "rabbitmq")
        #expect(consumer.start >= server.start)
        #expect(await collector.rejected == 0)
    }
}
