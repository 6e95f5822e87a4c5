import Foundation

/// The routes a service's README names in its HTTP section: code spans such as `GET /a/{id}`,
/// `GET/POST /b?x=1`, or `/c` (which takes the method of the span before it).
public enum ReadmeRoutes {
    /// The routes of the service's README, and those of the routes every consuming service serves
    /// (docs/parked-messages.md: the parking lot), which a service's README may link to.
    public static func named(inReadmeOf service: String, filePath: String = #filePath) throws -> Set<String> {
        let root = URL(fileURLWithPath: filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        let text = try String(
            contentsOf: root.appendingPathComponent("services/\(service)/README.md"), encoding: .utf8)
        let shared = try String(
            contentsOf: root.appendingPathComponent("docs/parked-messages.md"), encoding: .utf8)
        return httpSection(text).union(httpSection(shared))
    }

    static func httpSection(_ text: String) -> Set<String> {
        guard let start = text.range(of: "\n## HTTP") else { return [] }
        let rest = text[start.upperBound...]
        let section = rest.range(of: "\n## ").map { rest[..<$0.lowerBound] } ?? rest
        return named(in: String(section))
    }

    public static func named(in section: String) -> Set<String> {
        let methods: Set<String> = ["GET", "POST", "PUT", "PATCH", "DELETE"]
        var routes: Set<String> = []
        var previous: [String] = []
        for (index, span) in section.components(separatedBy: "`").enumerated() where index % 2 == 1 {
            let words = span.split(separator: " ", maxSplits: 1).map(String.init)
            var verbs = previous
            var path = span
            if words.count == 2, words[0].split(separator: "/").allSatisfy({ methods.contains(String($0)) }) {
                verbs = words[0].split(separator: "/").map(String.init)
                path = words[1]
            }
            guard path.hasPrefix("/"), !verbs.isEmpty else { continue }
            previous = verbs
            let bare = String(path.prefix { $0 != "?" && $0 != "[" })
            for verb in verbs { routes.insert("\(verb) \(bare)") }
        }
        return routes
    }
}
