import Foundation

/// A Sentry DSN, `https://PUBLIC_KEY@HOST[:PORT][/PATH]/PROJECT_ID`, and where its envelopes go:
/// `https://HOST[:PORT][/PATH]/api/PROJECT_ID/envelope/` (Sentry's envelope endpoint; GlitchTip
/// and other Sentry-compatible servers take the same).
public struct SentryDSN: Sendable, Equatable {
    public let raw: String
    public let publicKey: String
    public let envelopeURL: String

    public init?(_ raw: String) {
        guard let url = URL(string: raw), let scheme = url.scheme, ["http", "https"].contains(scheme),
            let host = url.host, let key = url.user, !key.isEmpty
        else { return nil }
        var segments = url.path.split(separator: "/").map(String.init)
        guard let project = segments.popLast(), !project.isEmpty, project.allSatisfy(\.isNumber) else { return nil }
        let port = url.port.map { ":\($0)" } ?? ""
        let prefix = segments.isEmpty ? "" : "/" + segments.joined(separator: "/")
        self.raw = raw
        publicKey = key
        envelopeURL = "\(scheme)://\(host)\(port)\(prefix)/api/\(project)/envelope/"
    }

    /// `X-Sentry-Auth` of every envelope.
    public var authHeader: String {
        "Sentry sentry_version=7, sentry_key=\(publicKey), sentry_client=homestudio/\(BuildInfo.version)"
    }
}
