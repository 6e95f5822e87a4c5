import AsyncHTTPClient
import AuthKit
import Foundation
import Logging
import NIOCore

/// Issue 3's figures against the running bench suite (`scripts/bench/run auth` starts it):
/// login latency at the configured bcrypt cost, and what token verification costs per request at
/// the gateway, measured in one run. Prints figures; asserts nothing.
let environment = ProcessInfo.processInfo.environment
let gateway = environment["BENCH_GATEWAY_URL"] ?? "http://127.0.0.1:28080"
let scheduling = environment["BENCH_SCHEDULING_URL"] ?? "http://127.0.0.1:28083"
let logins = Int(environment["BENCH_LOGINS"] ?? "") ?? 30
let requests = Int(environment["BENCH_REQUESTS"] ?? "") ?? 2000
let verifications = Int(environment["BENCH_VERIFICATIONS"] ?? "") ?? 20000
let client = HTTPClient.shared

func seconds(_ duration: Duration) -> Double {
    Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
}

@discardableResult
func call(_ url: String, body: [String: Any]? = nil, token: String? = nil) async throws
    -> (status: UInt, json: [String: Any])
{
    var request = HTTPClientRequest(url: url)
    request.method = body == nil ? .GET : .POST
    if let token { request.headers.add(name: "Authorization", value: "Bearer \(token)") }
    if let body {
        request.headers.add(name: "Content-Type", value: "application/json")
        request.body = .bytes(ByteBuffer(bytes: try JSONSerialization.data(withJSONObject: body)))
    }
    let response = try await client.execute(request, timeout: .seconds(30))
    let bytes = try await response.body.collect(upTo: 1 << 22)
    let json = (try? JSONSerialization.jsonObject(with: Data(buffer: bytes))) as? [String: Any] ?? [:]
    return (response.status.code, json)
}

/// Sequential calls; returns the per-call latencies in milliseconds, sorted.
func latencies(_ n: Int, _ body: () async throws -> Void) async throws -> [Double] {
    var samples: [Double] = []
    let clock = ContinuousClock()
    for _ in 0..<n { samples.append(seconds(try await clock.measure(body)) * 1000) }
    return samples.sorted()
}

func summary(_ samples: [Double]) -> String {
    let mean = samples.reduce(0, +) / Double(samples.count)
    return String(
        format: "mean %7.3f ms  median %7.3f ms  p95 %7.3f ms  (n=%d)", mean, samples[samples.count / 2],
        samples[samples.count * 95 / 100], samples.count)
}

func mean(_ samples: [Double]) -> Double { samples.reduce(0, +) / Double(samples.count) }

let email = "bench-\(UUID().uuidString.prefix(8).lowercased())@example.com"
let password = "a long benchmark passphrase"
try await call("\(gateway)/api/auth/register", body: ["email": email, "password": password, "displayName": "B"])
var token = ""
print("== login through the gateway (bcrypt cost \(environment["BENCH_BCRYPT_COST"] ?? "?"))")
let loginSamples = try await latencies(logins) {
    let reply = try await call("\(gateway)/api/auth/login", body: ["email": email, "password": password])
    guard reply.status == 200, let access = reply.json["accessToken"] as? String else {
        fatalError("login failed: \(reply.status)")
    }
    token = access
}
print("login            \(summary(loginSamples))")

print(
    "== token verification (TokenVerifier, JWKS cached, this \(environment["BENCH_SMOKE"] == "1" ? "debug" : "release") build)"
)
let verifier = TokenVerifier(
    config: TokenVerifierConfig(jwksURL: "\(gateway)/.well-known/jwks.json"), logger: Logger(label: "bench"))
_ = try await verifier.verify(token)
let clock = ContinuousClock()
let verifyElapsed = try await clock.measure {
    for _ in 0..<verifications { _ = try await verifier.verify(token) }
}
let verifyMicros = seconds(verifyElapsed) / Double(verifications) * 1e6
print(String(format: "verify           %7.1f µs per token  (n=%d)", verifyMicros, verifications))

print("== per request, sequential, keep-alive (services: \(environment["BENCH_BUILD"] ?? "debug") builds)")
/// A call that must answer 200 (the benchmark fails otherwise: `scripts/bench/run` checks the exit).
func ok(_ url: String, token: String? = nil) async throws {
    let reply = try await call(url, token: token)
    guard reply.status == 200 else { fatalError("\(url) answered \(reply.status), not 200") }
}
let publicGateway = try await latencies(requests) { try await ok("\(gateway)/api/scheduling/cinemas") }
let publicDirect = try await latencies(requests) { try await ok("\(scheduling)/cinemas") }
let protectedGateway = try await latencies(requests) {
    try await ok("\(gateway)/api/scheduling/me/bookings", token: token)
}
let protectedDirect = try await latencies(requests) { try await ok("\(scheduling)/me/bookings", token: token) }
print("public, gateway    \(summary(publicGateway))")
print("public, direct     \(summary(publicDirect))")
print("protected, gateway \(summary(protectedGateway))")
print("protected, direct  \(summary(protectedDirect))")
let proxyCost = mean(publicGateway) - mean(publicDirect)
let protectedCost = mean(protectedGateway) - mean(protectedDirect)
print(String(format: "gateway overhead: public %.3f ms, protected %.3f ms", proxyCost, protectedCost))
print(
    String(
        format: "token check at the gateway ≈ %.3f ms per request (protected − public overhead); "
            + "ratio protected/public gateway latency %.2f×", protectedCost - proxyCost,
        mean(protectedGateway) / mean(publicGateway)))
print(
    String(
        format: "login / protected gateway request: %.0f×", mean(loginSamples) / mean(protectedGateway)))
