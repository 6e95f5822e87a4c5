/// The secrets of an outside provider (Stripe, PayPal, TMDB, Twilio). A provider is enabled by
/// configuration; once it is, every secret it needs must be set and must not look like a
/// placeholder left in a manifest, or the service refuses to start (a missing secret of a
/// disabled provider is fine: those keys are optional).
public enum ProviderSecrets {
    /// Fragments that mark a value as a template's, not a real secret (case-insensitive).
    static let placeholderMarks = [
        "set-in-overlay", "changeme", "change-me", "change_me", "replaceme", "replace-me", "replace_me", "placeholder",
        "todo", "tbd", "xxxx", "your-", "your_", "dummy", "<", ">",
    ]

    public static func looksLikePlaceholder(_ value: String) -> Bool {
        let lower = value.lowercased()
        return placeholderMarks.contains { lower.contains($0) }
    }

    /// Checks the secrets of an enabled provider: each `(key, value)` must be non-empty and real.
    public static func require(_ provider: String, _ secrets: [(key: String, value: String)]) throws {
        for (key, value) in secrets {
            if value.trimmingCharacters(in: .whitespaces).isEmpty {
                throw ConfigurationError("\(provider) is enabled but `\(key)` is not set")
            }
            if looksLikePlaceholder(value) {
                throw ConfigurationError("\(provider) is enabled but `\(key)` holds a placeholder, not a secret")
            }
        }
    }
}

/// A configuration that cannot run: the service stops at start-up with this message (which
/// never contains a secret's value).
public struct ConfigurationError: Error, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}
