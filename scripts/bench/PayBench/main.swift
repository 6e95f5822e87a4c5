import AsyncHTTPClient
import Foundation
import NIOCore

/// Issue 5's benchmark: checkout throughput with the simulated provider taking a realistic
/// latency, against 1, 2 or 4 payments replicas (`scripts/bench/run payments` starts them and
/// calls this once per count). Holds are made first through the gateway; the timed part sends
/// the checkouts straight to the replicas, round robin, as a Kubernetes Service would.
/// Prints figures and the screening id for the SQL proof (`scripts/bench/run` checks it); exits
/// with 1 when a checkout is not accepted or a wait (BENCH_WAIT_SECONDS each, said every 2 s) runs out.
let environment = ProcessInfo.processInfo.environment
let waitLimit = Int(environment["BENCH_WAIT_SECONDS"] ?? "") ?? 60

/// Retries `attempt` until it gives a value, at most `waitLimit` seconds, saying every 2 s what it
/// waits for; exits with 1 when the time is up.
func waitFor<T>(_ what: String, every pause: Duration = .milliseconds(200), _ attempt: () async throws -> T?)
    async throws -> T
{
    let clock = ContinuousClock()
    let start = clock.now
    var said = start
    while true {
        if let value = try await attempt() { return value }
        let waited = (clock.now - start).components.seconds
        if waited >= waitLimit {
            FileHandle.standardError.write(Data("pay-bench: gave up waiting for \(what) after \(waited) s\n".utf8))
            exit(1)
        }
        if clock.now - said >= .seconds(2) {
            said = clock.now
            FileHandle.standardError.write(Data("waiting for \(what) (\(waited) s of \(waitLimit))\n".utf8))
        }
        try await Task.sleep(for: pause)
    }
}
let gateway = environment["BENCH_GATEWAY_URL"] ?? "http://127.0.0.1:28080"
let replicas = (environment["BENCH_PAYMENTS_URLS"] ?? "http://127.0.0.1:28084").split(separator: ",").map(String.init)
let checkouts = Int(environment["BENCH_CHECKOUTS"] ?? "") ?? 200
let concurrency = Int(environment["BENCH_CONCURRENCY"] ?? "") ?? 48
let client = HTTPClient(
    eventLoopGroupProvider: .singleton,
    configuration: .init(
        timeout: .init(connect: .seconds(10), read: .seconds(120)),
        connectionPool: .init(idleTimeout: .seconds(60), concurrentHTTP1ConnectionsPerHostSoftLimit: 256)))

struct Reply {
    var status: UInt
    var json: [String: Any]
}

func call(_ url: String, _ body: [String: Any]? = nil, token: String? = nil, key: String? = nil) async throws -> Reply {
    var request = HTTPClientRequest(url: url)
    request.method = body == nil ? .GET : .POST
    if let token { request.headers.add(name: "Authorization", value: "Bearer \(token)") }
    if let key { request.headers.add(name: "Idempotency-Key", value: key) }
    if let body {
        request.headers.add(name: "Content-Type", value: "application/json")
        request.body = .bytes(ByteBuffer(bytes: try JSONSerialization.data(withJSONObject: body)))
    }
    let response = try await client.execute(request, timeout: .seconds(120))
    let bytes = try await response.body.collect(upTo: 1 << 22)
    let json = (try? JSONSerialization.jsonObject(with: Data(bytes.readableBytesView))) as? [String: Any] ?? [:]
    return Reply(status: response.status.code, json: json)
}

func login(_ email: String, _ password: String) async throws -> String {
    let reply = try await call("\(gateway)/api/auth/login", ["email": email, "password": password])
    guard let token = reply.json["accessToken"] as? String else { fatalError("login \(email): \(reply.status)") }
    return token
}

// MARK: Set-up: one screening with a seat per checkout, one hold per seat, 9 per account (fraud rules
// allow 10 checkouts per user and 10 minutes).
let admin = try await login("admin@homestudio.local", environment["HS_ADMIN_PASSWORD"] ?? "homestudio-admin")
let film = try await call(
    "\(gateway)/api/catalog/films",
    [
        "title": "Pay \(UUID().uuidString.prefix(6))", "runtimeMinutes": 90, "status": "published",
    ] as [String: Any], token: admin)
guard let filmID = film.json["id"] as? String, film.json["status"] as? String == "published" else {
    fatalError("the film was not created published: \(film.status) \(film.json)")
}
let cinema = try await call(
    "\(gateway)/api/scheduling/cinemas", ["name": "Pay \(UUID().uuidString.prefix(6))", "city": "Lyon"], token: admin)
let rowCount = (checkouts + 19) / 20
let rows = (0..<rowCount).map { ["label": "R\($0 + 1)", "seats": 20] as [String: Any] }
let room = try await call(
    "\(gateway)/api/scheduling/cinemas/\(cinema.json["id"] as? String ?? "")/auditoriums",
    ["name": "Salle", "rows": rows],
    token: admin)
// Scheduling accepts the screening once its replica of the published film arrived (broker).
let screening = try await waitFor("scheduling's film replica of \(filmID) (a screening of it accepted)") {
    let reply = try await call(
        "\(gateway)/api/scheduling/screenings",
        [
            "filmId": filmID, "auditoriumId": room.json["id"] as? String ?? "",
            "priceAmount": 1200, "startsAt": Date.now.addingTimeInterval(5 * 86400).formatted(.iso8601),
        ], token: admin)
    return reply.json["id"] as? String
}
let seats =
    ((try await call("\(gateway)/api/scheduling/screenings/\(screening)/seats")).json["items"] as? [[String: Any]] ?? [])
    .compactMap { $0["id"] as? String }
var tokens: [String] = []
for index in 0..<((checkouts + 8) / 9) {
    let email = "pay-\(index)-\(UUID().uuidString.prefix(6).lowercased())@example.com"
    _ = try await call(
        "\(gateway)/api/auth/register", ["email": email, "password": "checkout bench pass", "displayName": "P"])
    tokens.append(try await login(email, "checkout bench pass"))
}
var held: [(token: String, booking: String)] = []
for index in 0..<checkouts {
    let token = tokens[index / 9]
    let reply = try await call(
        "\(gateway)/api/scheduling/screenings/\(screening)/holds", ["seatIds": [seats[index]]], token: token)
    guard let booking = reply.json["id"] as? String else { fatalError("hold: \(reply.status) \(reply.json)") }
    held.append((token, booking))
}
let holds = held

// MARK: CPU of the payments processes (BENCH_PAYMENTS_PIDS), from /proc/<pid>/stat.
let paymentsPIDs = (environment["BENCH_PAYMENTS_PIDS"] ?? "").split(separator: " ").compactMap { Int($0) }
let ticksPerSecond = Double(sysconf(Int32(_SC_CLK_TCK)))

/// utime + stime of the payments processes, in clock ticks.
func paymentsTicks() -> Int {
    paymentsPIDs.reduce(0) { total, pid in
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
            let close = stat.lastIndex(of: ")")
        else { return total }
        let fields = stat[stat.index(after: close)...].split(separator: " ")
        // After the command: state is field 3, utime 14 and stime 15 (proc(5)).
        guard fields.count > 12, let user = Int(fields[11]), let system = Int(fields[12]) else { return total }
        return total + user + system
    }
}

// Idle: the replicas' CPU while nobody calls them (pollers, relays, metrics), BENCH_IDLE_SECONDS (5).
let idleSeconds = paymentsPIDs.isEmpty ? 0 : Int(environment["BENCH_IDLE_SECONDS"] ?? "") ?? 5
let idleTicks0 = paymentsTicks()
try await Task.sleep(for: .seconds(idleSeconds))
let idleMsPerSecond = Double(paymentsTicks() - idleTicks0) * 1000 / ticksPerSecond / Double(max(idleSeconds, 1))

// MARK: The timed checkouts.
actor Results {
    let count: Int
    var latencies: [Double] = []
    var statuses: [UInt: Int] = [:]
    var next = 0
    init(count: Int) { self.count = count }
    func take() -> Int? {
        guard next < count else { return nil }
        defer { next += 1 }
        return next
    }
    func record(_ status: UInt, _ ms: Double) {
        latencies.append(ms)
        statuses[status, default: 0] += 1
    }
}
let results = Results(count: holds.count)
let clock = ContinuousClock()
let started = clock.now
let timedTicks0 = paymentsTicks()
try await withThrowingTaskGroup(of: Void.self) { group in
    for _ in 0..<concurrency {
        group.addTask {
            while let index = await results.take() {
                let (token, booking) = holds[index]
                let url = replicas[index % replicas.count] + "/checkouts"
                let key = UUID().uuidString
                let t0 = clock.now
                let reply = try await waitFor(
                    "payments' replica of booking \(booking) (checkout not 409 booking-not-ready)",
                    every: .milliseconds(100)
                ) {
                    let reply = try await call(
                        url, ["bookingId": booking, "paymentMethod": "tok_visa"], token: token, key: key)
                    let notReady = reply.status == 409 && reply.json["code"] as? String == "booking-not-ready"
                    return notReady ? nil : reply
                }
                let elapsed = clock.now - t0
                await results.record(
                    reply.status,
                    Double(elapsed.components.seconds) * 1000 + Double(elapsed.components.attoseconds) / 1e15)
            }
        }
    }
    try await group.waitForAll()
}
let timedTicks = paymentsTicks() - timedTicks0
let total = clock.now - started
let seconds = Double(total.components.seconds) + Double(total.components.attoseconds) / 1e18
let latencies = await results.latencies.sorted()
let statuses = await results.statuses
func percentile(_ p: Double) -> Double { latencies[min(latencies.count - 1, Int(Double(latencies.count) * p))] }
print(
    String(
        format: "%d replica(s): %d checkouts in %.2f s = %.1f checkouts/s; p50 %.0f ms, p99 %.0f ms; statuses %@",
        replicas.count, checkouts, seconds, Double(checkouts) / seconds, percentile(0.5), percentile(0.99),
        "\(statuses)"))
if !paymentsPIDs.isEmpty {
    let timedMs = Double(timedTicks) * 1000 / ticksPerSecond
    print(
        String(
            format: "   payments CPU while checking out: %.2f ms per checkout (%.2f net of idle); idle %.1f ms/s",
            timedMs / Double(checkouts), (timedMs - idleMsPerSecond * seconds) / Double(checkouts),
            idleMsPerSecond))
}
print("screening=\(screening)")
try await client.shutdown().get()
let accepted = (statuses[200] ?? 0) + (statuses[201] ?? 0)
if accepted != checkouts {
    FileHandle.standardError.write(
        Data("pay-bench: \(checkouts - accepted) of \(checkouts) checkouts not accepted\n".utf8))
    exit(1)
}
