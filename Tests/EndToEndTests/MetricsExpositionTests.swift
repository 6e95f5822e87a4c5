import Foundation
import TestSupport
import Testing

/// What Prometheus scrapes from each service's internal port (issue 19): every series has its
/// `# HELP` and `# TYPE`, the process series and `build_info` are there, and a booking shows in
/// the business series of scheduling and payments.
@Suite("Metrics exposition", .enabled(if: TestEnvironment.isAvailable))
struct MetricsExpositionTests {
    let fixtures = Fixtures()

    static func scrape(_ service: String) async throws -> String {
        try await APIClient(baseURL: TestEnvironment.internalURL(service)).get("/metrics").text
    }

    /// Metric family names (of `# TYPE` lines) that have no `# HELP` line right before.
    static func withoutHelp(_ exposition: String) -> [String] {
        let lines = exposition.split(separator: "\n").map(String.init)
        return lines.indices.compactMap { index in
            guard lines[index].hasPrefix("# TYPE ") else { return nil }
            let name = lines[index].dropFirst(7).prefix { $0 != " " }
            return index > 0 && lines[index - 1].hasPrefix("# HELP \(name) ") ? nil : String(name)
        }
    }

    @Test("every service: HELP and TYPE on every series, process series, build_info with version and commit")
    func everySeriesDescribed() async throws {
        for service in ["gateway", "auth", "catalog", "scheduling", "payments", "notifications"] {
            let text = try await Self.scrape(service)
            #expect(Self.withoutHelp(text) == [], "\(service)")
            for name in [
                "process_cpu_seconds_total", "process_resident_memory_bytes", "process_open_fds", "process_max_fds",
                "process_threads", "process_start_time_seconds",
            ] {
                let line = text.split(separator: "\n").first { $0.hasPrefix(name + " ") }
                let value = line.flatMap { Double($0.split(separator: " ").last ?? "") } ?? 0
                #expect(value > 0, "\(service): \(name)")
            }
            #expect(text.contains("build_info{service=\"\(service)\",version=\""), "\(service)")
        }
    }

    @Test("a paid booking counts a created and a confirmed hold and a succeeded checkout")
    func businessSeries() async throws {
        func value(_ text: String, _ series: String) -> Double {
            text.split(separator: "\n").first { $0.hasPrefix(series + " ") }
                .flatMap { Double($0.split(separator: " ").last ?? "") } ?? 0
        }
        let holds = "holds_total{outcome=\"created\"}"
        let confirmed = "holds_total{outcome=\"confirmed\"}"
        let checkouts = "checkouts_total{provider=\"simulated\",outcome=\"succeeded\"}"
        let before = (try await Self.scrape("scheduling"), try await Self.scrape("payments"))
        let admin = try await fixtures.admin()
        let film = try await fixtures.newFilm(admin)
        let (auditorium, seats) = try await fixtures.newAuditorium(admin)
        let screening = try await fixtures.newScreening(admin, film: film, auditorium: auditorium)
        let (user, _) = try await fixtures.newUser()
        let hold = try await user.post("/api/scheduling/screenings/\(screening)/holds", ["seatIds": [seats[0]]])
        let booking = try #require(hold.json["id"] as? String)
        #expect(try await fixtures.checkout(user, booking: booking).json["status"] as? String == "succeeded")
        _ = try await fixtures.waitForBooking(user, booking, status: "confirmed")
        let after = (try await Self.scrape("scheduling"), try await Self.scrape("payments"))
        #expect(value(after.0, holds) >= value(before.0, holds) + 1)
        #expect(value(after.0, confirmed) >= value(before.0, confirmed) + 1)
        #expect(value(after.1, checkouts) >= value(before.1, checkouts) + 1)
        #expect(after.1.contains("outbox_oldest_age_seconds{service=\"payments\"}"))
        #expect(after.1.contains("messages_parked{service=\"payments\"}"))
    }

    @Test("database pool and queue series: the pool's size and sessions, each queue's depth, the consumer's lag")
    func poolAndQueues() async throws {
        func value(_ text: String, _ series: String) -> Double? {
            text.split(separator: "\n").first { $0.hasPrefix(series + " ") }
                .flatMap { Double($0.split(separator: " ").last ?? "") }
        }
        for service in ["auth", "catalog", "scheduling", "payments", "notifications"] {
            let text = try await eventually("\(service)'s pool sampled") {
                let text = try await Self.scrape(service)
                return (value(text, "db_pool_connections_open") ?? 0) >= 1 ? text : nil
            }
            #expect((value(text, "db_pool_connections_max") ?? 0) >= 1, "\(service)")
            let inUse = try #require(value(text, "db_pool_connections_in_use"), "\(service)")
            #expect(inUse <= value(text, "db_pool_connections_max") ?? 0, "\(service)")
            #expect((value(text, "db_pool_acquire_duration_seconds_count") ?? 0) >= 1, "\(service)")
        }
        // Payments consumes: its three queues are reported, the work queue with its consumer.
        let payments = try await eventually("payments' queues probed") {
            let text = try await Self.scrape("payments")
            return value(text, "amqp_queue_consumers{queue=\"payments.events\"}") != nil ? text : nil
        }
        #expect((value(payments, "amqp_queue_consumers{queue=\"payments.events\"}") ?? 0) >= 1)
        for queue in ["payments.events", "payments.retry", "payments.parked"] {
            #expect(value(payments, "amqp_queue_messages{queue=\"\(queue)\"}") != nil, "\(queue)")
        }
        // The gateway consumes too (its cache invalidator): its queue is reported the same way.
        _ = try await eventually("the gateway's queue probed") {
            let text = try await Self.scrape("gateway")
            return (value(text, "amqp_queue_consumers{queue=\"gateway.events\"}") ?? 0) >= 1 ? text : nil
        }
        // An event handled now adds to the lag histogram.
        let before = value(payments, "amqp_consumer_lag_seconds_count") ?? 0
        let admin = try await fixtures.admin()
        let film = try await fixtures.newFilm(admin)
        let (auditorium, seats) = try await fixtures.newAuditorium(admin)
        let screening = try await fixtures.newScreening(admin, film: film, auditorium: auditorium)
        let (user, _) = try await fixtures.newUser()
        #expect(
            try await user.post("/api/scheduling/screenings/\(screening)/holds", ["seatIds": [seats[0]]]).status == 201)
        _ = try await eventually("payments handles the hold") {
            let count = value(try await Self.scrape("payments"), "amqp_consumer_lag_seconds_count") ?? 0
            return count > before ? count : nil
        }
    }
}
