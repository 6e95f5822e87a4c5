import Foundation

/// What is running: the release's semantic version (bumped with each `vX.Y.Z` tag) and the
/// commit it was built from (`BUILD_COMMIT`, set by the image build; `unknown` locally).
/// Shown by `build_info`, the detailed `/health` document and every OpenAPI document.
public enum BuildInfo {
    public static let version = "0.19.0"

    public static var commit: String {
        let value = ProcessInfo.processInfo.environment["BUILD_COMMIT"] ?? ""
        return value.isEmpty ? "unknown" : String(value.prefix(40))
    }
}
