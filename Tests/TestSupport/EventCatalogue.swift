import Foundation
import ServiceRuntime

/// The AsyncAPI event catalogue (`docs/asyncapi.json`), for tests that check a service's events
/// against it.
public enum EventCatalogue {
    /// Every event type (channel address) the catalogue documents.
    public static func documentedTypes(filePath: String = #filePath) throws -> Set<String> {
        let root = URL(fileURLWithPath: filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        let data = try Data(contentsOf: root.appendingPathComponent("docs/asyncapi.json"))
        let document = try JSONSerialization.jsonObject(with: data) as? [String: Any]
        let channels = document?["channels"] as? [String: [String: Any]] ?? [:]
        return Set(channels.values.compactMap { $0["address"] as? String })
    }

    /// The event types a service's consumer is bound to.
    public static func consumedTypes(_ blueprint: ServiceBlueprint) -> Set<String> {
        Set(blueprint.handlers(RouteContract.dependencies(blueprint.name))?.types ?? [])
    }
}
