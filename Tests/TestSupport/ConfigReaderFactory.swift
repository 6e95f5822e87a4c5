import Configuration

public enum ConfigReaderFactory {
    /// A configuration reader over fixed values, for building services in unit tests.
    public static func make(_ values: [String: String]) -> ConfigReader {
        var converted: [AbsoluteConfigKey: ConfigValue] = [:]
        for (key, value) in values {
            converted[AbsoluteConfigKey(key.split(separator: ".").map(String.init))] = .init(
                .string(value), isSecret: false)
        }
        return ConfigReader(provider: InMemoryProvider(values: converted))
    }
}
