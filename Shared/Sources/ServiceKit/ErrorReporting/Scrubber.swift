import Foundation

/// What must never leave in an error report: bearer tokens and JWTs, passwords and secrets in
/// `key=value` or JSON form, card-like numbers (13 to 19 digits, spaces or dashes between) and
/// e-mail addresses (personal data). Each is replaced by a marker naming what was there.
public enum Scrubber {
    static let secretKeys = [
        "password", "newPassword", "currentPassword", "secret", "token", "refreshToken", "accessToken", "apiKey",
        "api_key", "authorization", "cookie",
    ].joined(separator: "|")

    /// Made per use (Regex is not Sendable; reports are rare).
    static var rules: [(Regex<AnyRegexOutput>, String)] {
        [
            (try! Regex(#"(?i)bearer\s+[A-Za-z0-9._~+/=-]+"#), "Bearer [token]"),
            (try! Regex(#"eyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]*"#), "[jwt]"),
            (try! Regex(#"(?i)("?(?:"# + secretKeys + #")"?\s*[:=]\s*)("[^"]*"|[^\s,&}]+)"#), "$1[redacted]"),
            (try! Regex(#"\b(?:\d[ -]?){12,18}\d\b"#), "[card]"),
            (try! Regex(#"[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}"#), "[email]"),
        ]
    }

    public static func scrub(_ text: String) -> String {
        rules.reduce(text) { current, rule in
            current.replacing(rule.0) { match in
                var replacement = rule.1
                if replacement.contains("$1"), match.count > 1, let first = match[1].substring {
                    replacement = replacement.replacingOccurrences(of: "$1", with: String(first))
                }
                return replacement
            }
        }
    }
}
