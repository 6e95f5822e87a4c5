import Foundation
import Hummingbird

/// Something a service depends on, checked by the health endpoints (database, broker, JWKS…).
public struct ReadinessCheck: Sendable {
    public var name: String
    public var check: @Sendable () async -> Bool

    public init(_ name: String, check: @escaping @Sendable () async -> Bool) {
        self.name = name
        self.check = check
    }
}

/// `/health/live` answers while the process runs (it depends on nothing outside the process);
/// `/health/ready` answers 200 only when this instance can serve its requests (the `readiness`
/// checks: database reachable, migrations done…); `/health` is the detailed document with the
/// `dependencies` too — ones whose outage only delays work (broker, Redis, JWKS refresh) — and
/// always answers 200, so that a broker outage never takes every pod out of its Service.
public struct HealthController: Sendable {
    let readiness: [ReadinessCheck]
    let dependencies: [ReadinessCheck]

    public init(readiness: [ReadinessCheck], dependencies: [ReadinessCheck] = []) {
        self.readiness = readiness
        self.dependencies = dependencies
    }

    struct Report: ResponseCodable {
        var status: String
        var checks: [String: String]
    }

    struct Detailed: ResponseCodable {
        /// `up`, `degraded` (a dependency is down; requests are still served) or `down`.
        var status: String
        var ready: Bool
        var readiness: [String: String]
        var dependencies: [String: String]
        var version = BuildInfo.version
        var commit = BuildInfo.commit
    }

    public func addRoutes(to router: Router<some RequestContext>) {
        router.get("/health/live") { _, _ in Report(status: "up", checks: [:]) }
        router.get("/health/ready") { _, _ in await ready() }
        router.get("/health") { _, _ in await detailed() }
    }

    func ready() async -> Response {
        let results = await Self.run(readiness)
        let ok = results.values.allSatisfy { $0 == "up" }
        return JSONBody.response(
            Report(status: ok ? "up" : "down", checks: results), status: ok ? .ok : .serviceUnavailable)
    }

    func detailed() async -> Detailed {
        async let required = Self.run(readiness)
        async let optional = Self.run(dependencies)
        let (ready, others) = await (required, optional)
        let isReady = ready.values.allSatisfy { $0 == "up" }
        let allUp = isReady && others.values.allSatisfy { $0 == "up" }
        return Detailed(
            status: isReady ? (allUp ? "up" : "degraded") : "down", ready: isReady, readiness: ready,
            dependencies: others)
    }

    static func run(_ checks: [ReadinessCheck]) async -> [String: String] {
        await withTaskGroup(of: (String, Bool).self) { group in
            for check in checks { group.addTask { (check.name, await check.check()) } }
            var results: [String: String] = [:]
            for await (name, ok) in group { results[name] = ok ? "up" : "down" }
            return results
        }
    }
}
