import Foundation
import Hummingbird

/// A dependency that must be reachable for the service to take traffic (database, broker, JWKS).
public struct ReadinessCheck: Sendable {
    public var name: String
    public var check: @Sendable () async -> Bool

    public init(_ name: String, check: @escaping @Sendable () async -> Bool) {
        self.name = name
        self.check = check
    }
}

/// `/health/live` answers while the process runs; `/health/ready` only when every check passes.
public struct HealthController: Sendable {
    let checks: [ReadinessCheck]

    public init(checks: [ReadinessCheck]) { self.checks = checks }

    struct Report: ResponseCodable {
        var status: String
        var checks: [String: String]
    }

    public func addRoutes(to router: Router<some RequestContext>) {
        router.get("/health/live") { _, _ in Report(status: "up", checks: [:]) }
        router.get("/health/ready") { _, context in await ready(context: context) }
    }

    func ready(context: some RequestContext) async -> Response {
        var results: [String: String] = [:]
        await withTaskGroup(of: (String, Bool).self) { group in
            for check in checks { group.addTask { (check.name, await check.check()) } }
            for await (name, ok) in group { results[name] = ok ? "up" : "down" }
        }
        let ok = results.values.allSatisfy { $0 == "up" }
        return JSONBody.response(
            Report(status: ok ? "up" : "down", checks: results), status: ok ? .ok : .serviceUnavailable)
    }
}
