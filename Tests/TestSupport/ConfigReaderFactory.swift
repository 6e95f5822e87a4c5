import Configuration

public enum ConfigReaderFactory {
    /// A configuration reader over fixed values, for building services in unit tests. The values
    /// go through the same provider as production (environment variables: `upstream.retries` is
    /// `UPSTREAM_RETRIES`), so numbers and booleans given as text are read as such.
    public static func make(_ values: [String: String]) -> ConfigReader {
        var environment: [String: String] = [:]
        for (key, value) in values {
            environment[key.uppercased().replacingOccurrences(of: ".", with: "_")] = value
        }
        return ConfigReader(provider: EnvironmentVariablesProvider(environmentVariables: environment))
    }
}
