import Foundation

/// Amounts and dates as a person reads them: in their language and time zone.
enum Formatting {
    static func locale(_ language: String) -> Locale { Locale(identifier: language == "en" ? "en_GB" : "fr_FR") }

    static func money(_ minor: Int, currency: String, language: String) -> String {
        (Decimal(minor) / 100).formatted(.currency(code: currency).locale(locale(language)))
    }

    static func dateTime(_ date: Date, language: String, timeZone: String = "Europe/Paris") -> String {
        var style = Date.FormatStyle(date: .long, time: .shortened)
        style.locale = locale(language)
        style.timeZone = TimeZone(identifier: timeZone) ?? TimeZone(identifier: "Europe/Paris") ?? .gmt
        return date.formatted(style)
    }
}
