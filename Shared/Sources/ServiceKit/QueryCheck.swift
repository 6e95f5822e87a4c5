import Foundation
import Hummingbird

/// Reads a request's query parameters and collects what is wrong with them, so that one 422
/// names every invalid parameter at once (as the JSON decoder does for bodies) rather than the
/// first one a handler happened to check.
public struct QueryCheck {
    public let parameters: Parameters
    public private(set) var errors: [Problem.FieldError] = []

    public init(_ request: Request) { parameters = request.uri.queryParameters }

    public func string(_ name: String) -> String? { parameters[Substring(name)].map(String.init) }

    /// Records a problem of a parameter (the first one per parameter is kept).
    public mutating func refuse(_ name: String, _ message: String) {
        guard !errors.contains(where: { $0.field == name }) else { return }
        errors.append(.init(field: name, message: message))
    }

    public mutating func uuid(_ name: String) -> UUID? {
        guard let raw = string(name) else { return nil }
        guard let id = UUID(uuidString: raw) else {
            refuse(name, "must be a UUID")
            return nil
        }
        return id
    }

    /// An ISO 8601 date-time such as 2026-12-20T18:00:00Z.
    public mutating func dateTime(_ name: String) -> Date? {
        guard let raw = string(name) else { return nil }
        guard let date = try? Date.ISO8601FormatStyle().parse(raw) else {
            refuse(name, "must be an ISO 8601 date-time such as 2026-12-20T18:00:00Z")
            return nil
        }
        return date
    }

    /// One of a fixed set of values (enumerated parameters never silently ignore a typo).
    public mutating func oneOf(_ name: String, _ allowed: [String]) -> String? {
        guard let raw = string(name) else { return nil }
        guard allowed.contains(raw) else {
            refuse(name, "must be one of \(allowed.joined(separator: ", "))")
            return nil
        }
        return raw
    }

    /// Throws one 422 naming every parameter refused so far.
    public func finish() throws {
        guard errors.isEmpty else { throw AppError.invalid(errors) }
    }
}
