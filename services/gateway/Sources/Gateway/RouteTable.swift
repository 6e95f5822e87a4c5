import HTTPTypes

/// Per-route settings written `METHOD service /prefix value; …` (`*` for any method), e.g.
/// `POST auth /login 10/60; * payments /checkout 20/60`. The longest matching prefix wins; a
/// method-specific rule wins over `*` for the same prefix. Prefixes match whole path segments
/// (`/films` never matches `/filmstrip`); in an `exact` table (rate limits) a rule names one path
/// (`/password-reset` is not `/password-reset/confirm`) unless it ends in `/**` (the subtree).
struct RouteTable<Value: Sendable>: Sendable {
    struct Rule: Sendable {
        var method: HTTPRequest.Method?
        var service: String
        var prefix: String
        var value: Value
        /// Only the path itself (not its subtree) matches.
        var exact = false
        /// Stable name of the rule (metrics labels, rate-limit bucket keys).
        var name: String { "\(method?.rawValue ?? "*") \(service) \(prefix)" }

        func matches(method: HTTPRequest.Method, service: String, path: String) -> Bool {
            guard (self.method == nil || self.method == method) && self.service == service else { return false }
            if exact { return path == prefix }
            return prefix == "/" || path == prefix || path.hasPrefix(prefix + "/")
        }
    }

    var rules: [Rule]

    init(rules: [Rule] = []) {
        self.rules = rules.sorted { a, b in
            a.prefix.count != b.prefix.count ? a.prefix.count > b.prefix.count : a.method != nil && b.method == nil
        }
    }

    /// Parses the configuration text; `parse` turns the last word into a value (nil = invalid).
    init(_ text: String, key: String, exact: Bool = false, parse: (String) -> Value?) throws {
        var rules: [Rule] = []
        for entry in text.split(separator: ";") {
            let words = entry.split(whereSeparator: \.isWhitespace).map(String.init)
            guard !words.isEmpty else { continue }
            guard words.count == 4, words[2].hasPrefix("/"), let value = parse(words[3]) else {
                throw GatewayConfigError("\(key): cannot read '\(entry)' (expected METHOD service /prefix value)")
            }
            let method = words[0] == "*" ? nil : HTTPRequest.Method(words[0].uppercased())
            var prefix = words[2]
            let subtree = prefix.hasSuffix("/**")
            if subtree { prefix = String(prefix.dropLast(3)).isEmpty ? "/" : String(prefix.dropLast(3)) }
            rules.append(
                Rule(method: method, service: words[1], prefix: prefix, value: value, exact: exact && !subtree))
        }
        self.init(rules: rules)
    }

    func rule(method: HTTPRequest.Method, service: String, path: String) -> Rule? {
        rules.first { $0.matches(method: method, service: service, path: path) }
    }
}

/// A setting the gateway cannot start with (which key, and what was expected).
struct GatewayConfigError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
