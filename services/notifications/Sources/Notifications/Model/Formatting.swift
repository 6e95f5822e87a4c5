import Foundation

/// Amounts and dates as a person reads them: in their language and time zone.
enum Formatting {
    /// What notifications assumes of someone it knows nothing about (the contacts' column defaults).
    static let defaultLanguage = "fr"
    static let defaultTimeZone = "Europe/Paris"

    static func locale(_ language: String) -> Locale { Locale(identifier: language == "en" ? "en_GB" : "fr_FR") }

    static func money(_ minor: Int, currency: String, language: String) -> String {
        (Decimal(minor) / 100).formatted(.currency(code: currency).locale(locale(language)))
    }

    /// A date and time in `language`, in `timeZone` (an IANA identifier, the reader's: no default).
    static func dateTime(_ date: Date, language: String, timeZone: String) -> String {
        var style = Date.FormatStyle(date: .long, time: .shortened)
        style.locale = locale(language)
        let zone = TimeZone(identifier: timeZone) ?? TimeZone(identifier: defaultTimeZone) ?? .gmt
        style.timeZone = zone
        return date.formatted(style)
    }
}
