import AsyncHTTPClient
import Foundation
import NIOCore

/// Issue 4's rush: many concurrent clients hold random seats of one screening through the gateway
/// until the room is full, and pay each hold (simulated provider). Prints figures and the ids the
/// SQL proof needs (`scripts/bench/run rush`, which checks the proof). Every wait is bounded
/// (BENCH_WAIT_SECONDS each) and says what it waits for; a wait that runs out exits with 1, and so
/// does a room that is not fully sold in the end.
let environment = ProcessInfo.processInfo.environment
let gateway = environment["BENCH_GATEWAY_URL"] ?? "http://127.0.0.1:28080"
let clients = Int(environment["BENCH_CLIENTS"] ?? "") ?? 1000
let userCount = Int(environment["BENCH_USERS"] ?? "") ?? 40
let rows = Int(environment["BENCH_ROWS"] ?? "") ?? 15
let seatsPerRow = Int(environment["BENCH_SEATS_PER_ROW"] ?? "") ?? 20
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
            FileHandle.standardError.write(Data("rush-bench: gave up waiting for \(what) after \(waited) s\n".utf8))
            exit(1)
        }
        if clock.now - said >= .seconds(2) {
            said = clock.now
            FileHandle.standardError.write(Data("waiting for \(what) (\(waited) s of \(waitLimit))\n".utf8))
        }
        try await Task.sleep(for: pause)
    }
}
let client = HTTPClient(
    eventLoopGroupProvider: .singleton,
    configuration: .init(
        timeout: .init(connect: .seconds(10), read: .seconds(120)),
        connectionPool: .init(idleTimeout: .seconds(60), concurrentHTTP1ConnectionsPerHostSoftLimit: clients)))

struct Reply {
    var status: UInt
    var json: [String: Any]
}

func call(_ method: String, _ path: String, _ body: [String: Any]? = nil, token: String? = nil, key: String? = nil)
    async throws -> Reply
{
    var request = HTTPClientRequest(url: gateway + path)
    request.method = method == "POST" ? .POST : .GET
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
    let reply = try await call("POST", "/api/auth/login", ["email": email, "password": password])
    guard let token = reply.json["accessToken"] as? String else { fatalError("login \(email): \(reply.status)") }
    return token
}

/// What the clients believe is free (refreshed from the seat map after refusals, as SSE would).
actor SeatBoard {
    struct Seat: Sendable {
        var id: String
        var row: Int
        var column: Int
    }
    var free: [Int: [Seat]] = [:]
    var lastRefresh = ContinuousClock.now - .seconds(10)

    func load(_ seats: [Seat]) {
        free = Dictionary(grouping: seats, by: \.row)
        lastRefresh = .now
    }

    var isEmpty: Bool { free.values.allSatisfy(\.isEmpty) }

    /// Up to `count` free seats side by side from a random free seat.
    func pick(_ count: Int) -> [String] {
        guard let row = free.filter({ !$0.value.isEmpty }).keys.randomElement(), let seats = free[row] else {
            return []
        }
        let sorted = seats.sorted { $0.column < $1.column }
        let start = Int.random(in: 0..<sorted.count)
        var chosen = [sorted[start]]
        var index = start + 1
        while chosen.count < count, index < sorted.count, sorted[index].column == chosen.last!.column + 1 {
            chosen.append(sorted[index])
            index += 1
        }
        return chosen.map(\.id)
    }

    func taken(_ ids: [String]) {
        let set = Set(ids)
        for row in free.keys { free[row]?.removeAll { set.contains($0.id) } }
    }

    func shouldRefresh() -> Bool {
        guard ContinuousClock.now - lastRefresh > .milliseconds(250) else { return false }
        lastRefresh = .now
        return true
    }
}

/// The free seats of a seat-map response.
func freeSeats(_ reply: Reply) -> [SeatBoard.Seat] {
    let items = reply.json["items"] as? [[String: Any]] ?? []
    return items.filter { $0["state"] as? String == "free" }.map { item in
        SeatBoard.Seat(
            id: item["id"] as? String ?? "", row: item["rowIndex"] as? Int ?? 0,
            column: item["columnIndex"] as? Int ?? 0)
    }
}

actor Figures {
    var latencies: [Double] = []
    var statuses: [UInt: Int] = [:]
    var seatsHeld = 0
    var paid = 0

    /// Status 0: the connection failed (no answer, no latency).
    func record(_ status: UInt, _ milliseconds: Double, seats: Int) {
        if status != 0 { latencies.append(milliseconds) }
        statuses[status, default: 0] += 1
        if status == 201 { seatsHeld += seats }
    }

    func recordPayment() { paid += 1 }
}

// MARK: Set-up: a film, a 300-seat room, a screening, users.
let admin = try await login("admin@homestudio.local", environment["HS_ADMIN_PASSWORD"] ?? "homestudio-admin")
let film = try await call(
    "POST", "/api/catalog/films",
    [
        "title": "Rush \(UUID().uuidString.prefix(6))", "runtimeMinutes": 120, "status": "published",
    ] as [String: Any],
    token: admin)
guard let filmID = film.json["id"] as? String, film.json["status"] as? String == "published" else {
    fatalError("the film was not created published: \(film.status) \(film.json)")
}
let cinema = try await call(
    "POST", "/api/scheduling/cinemas", ["name": "Rush \(UUID().uuidString.prefix(6))", "city": "Paris"], token: admin)
let rowSpecs = (0..<rows).map { ["label": String(UnicodeScalar(65 + $0)!), "seats": seatsPerRow] as [String: Any] }
let room = try await call(
    "POST", "/api/scheduling/cinemas/\(cinema.json["id"] as? String ?? "")/auditoriums",
    ["name": "Grande salle", "rows": rowSpecs], token: admin)
let auditoriumID = room.json["id"] as? String ?? ""
// Scheduling accepts the screening once its replica of the published film arrived (broker).
let screeningID = try await waitFor("scheduling's film replica of \(filmID) (a screening of it accepted)") {
    let reply = try await call(
        "POST", "/api/scheduling/screenings",
        [
            "filmId": filmID, "auditoriumId": auditoriumID, "priceAmount": 1200,
            "startsAt": Date.now.addingTimeInterval(3 * 86400).formatted(.iso8601),
        ], token: admin)
    return reply.json["id"] as? String
}
var tokens: [String] = []
for index in 0..<userCount {
    let email = "rush-\(index)-\(UUID().uuidString.prefix(6).lowercased())@example.com"
    _ = try await call(
        "POST", "/api/auth/register", ["email": email, "password": "rush hour passphrase", "displayName": "R"])
    tokens.append(try await login(email, "rush hour passphrase"))
}
print("screening=\(screeningID) auditorium=\(auditoriumID)")

// MARK: The rush.
let board = SeatBoard()
let figures = Figures()
let seatMapPath = "/api/scheduling/screenings/\(screeningID)/seats"
await board.load(freeSeats(try await call("GET", seatMapPath)))

func pay(_ booking: String, token: String) async throws {
    let key = UUID().uuidString
    let paid = try await waitFor(
        "payments' replica of booking \(booking) (checkout not 409 booking-not-ready)", every: .milliseconds(100)
    ) {
        let reply = try await call(
            "POST", "/api/payments/checkouts",
            ["bookingId": booking, "paymentMethod": "tok_visa", "provider": "simulated"],
            token: token, key: key)
        if reply.status == 201 || reply.status == 200 { return true }
        guard reply.status == 409, reply.json["code"] as? String == "booking-not-ready" else {
            print("checkout refused: \(reply.status) \(reply.json["code"] ?? "")")
            return false
        }
        return nil
    }
    if paid { await figures.recordPayment() }
}

let clock = ContinuousClock()
let started = clock.now
try await withThrowingTaskGroup(of: Void.self) { group in
    for index in 0..<clients {
        let token = tokens[index % tokens.count]
        group.addTask {
            while true {
                if await board.isEmpty {
                    let seats = freeSeats(try await call("GET", seatMapPath))
                    guard !seats.isEmpty else { return }
                    await board.load(seats)
                }
                let seats = await board.pick(Int.random(in: 1...4))
                guard !seats.isEmpty else { continue }
                let t0 = clock.now
                // A connection the gateway reset is counted (status 0, "other") and the client goes on:
                // the SQL proof after the run still checks that no seat was held or sold twice.
                guard
                    let reply = try? await call(
                        "POST", "/api/scheduling/screenings/\(screeningID)/holds", ["seatIds": seats], token: token)
                else {
                    await figures.record(0, 0, seats: 0)
                    continue
                }
                let elapsed = clock.now - t0
                let ms = Double(elapsed.components.attoseconds) / 1e15 + Double(elapsed.components.seconds) * 1000
                await figures.record(reply.status, ms, seats: seats.count)
                if reply.status == 201, let booking = reply.json["id"] as? String {
                    await board.taken(seats)
                    try await pay(booking, token: token)
                } else if await board.shouldRefresh() {
                    await board.load(freeSeats(try await call("GET", seatMapPath)))
                }
            }
        }
    }
    try await group.waitForAll()
}
let rushTime = clock.now - started
let seconds = Double(rushTime.components.seconds) + Double(rushTime.components.attoseconds) / 1e18

// Every paid hold becomes a confirmed booking through the broker.
var sold = 0
_ = try await waitFor("every seat of \(screeningID) shown sold (payments confirmed through the broker)") {
    let items = try await call("GET", seatMapPath).json["items"] as? [[String: Any]] ?? []
    sold = items.filter { $0["state"] as? String == "sold" }.count
    return sold == rows * seatsPerRow ? true : nil
}
let confirmTime = clock.now - started

let latencies = await figures.latencies.sorted()
let statuses = await figures.statuses
let attempts = latencies.count
let holds = statuses[201] ?? 0
func percentile(_ p: Double) -> Double {
    latencies.isEmpty ? 0 : latencies[min(latencies.count - 1, Int(Double(latencies.count) * p))]
}
print("== rush: \(clients) concurrent clients, \(userCount) accounts, \(rows * seatsPerRow) seats, through the gateway")
print(
    String(
        format: "room full after      %.1f s; every seat sold (confirmed) after %.1f s", seconds,
        Double(confirmTime.components.seconds) + Double(confirmTime.components.attoseconds) / 1e18))
print(
    String(
        format: "hold attempts        %d (%.0f/s), successful holds %d (%.0f holds/s, %d seats)", attempts,
        Double(attempts) / seconds, holds, Double(holds) / seconds, await figures.seatsHeld))
print(
    String(
        format: "hold latency         p50 %.1f ms  p99 %.1f ms  max %.1f ms", percentile(0.5), percentile(0.99),
        latencies.last ?? 0))
// A closed system: each client goes round hold → (pay | re-read the seat map) → hold, so Little's
// law gives the mean time round that loop as clients ÷ attempts per second; the hold is part of it.
let mean = latencies.isEmpty ? 0 : latencies.reduce(0, +) / Double(latencies.count)
print(
    String(
        format: "little's law        %d clients / %.0f attempts/s = %.0f ms per client round; mean hold %.0f ms",
        clients, Double(attempts) / seconds, Double(clients) * seconds * 1000 / Double(max(attempts, 1)), mean))
print(
    String(
        format: "409 rate             %.1f %% (%d); 422 orphan-seat %d; other %@",
        Double(statuses[409] ?? 0) * 100 / Double(max(attempts, 1)),
        statuses[409] ?? 0, statuses[422] ?? 0, "\(statuses.filter { ![201, 409, 422].contains($0.key) })"))
print("payments accepted    \(await figures.paid); seats shown sold \(sold)")
try await client.shutdown().get()
