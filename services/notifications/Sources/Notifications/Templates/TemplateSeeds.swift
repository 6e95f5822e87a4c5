/// One seeded template text set for an event kind in one locale.
struct TemplateSeed: Sendable {
    /// E-mail subject, also the push and in-app title.
    var subject: String
    /// Plain-text e-mail body (Mustache).
    var text: String
    /// HTML e-mail body (Mustache).
    var html: String
    /// One or two sentences for SMS, push body and in-app body (at most 300 characters rendered), Mustache.
    var short: String
}

/// The seeded texts of every event kind, in French (the default) and English.
///
/// Each kind may only use the variables listed for it in ``TemplateSamples/values`` (`webURL` is always available).
/// Lists are rendered with `{{#list}}…{{/list}}` sections; optional values are given as `false` when missing
/// and rendered with `{{#flag}}…{{/flag}}` sections.
enum TemplateSeeds {
    /// event kind → locale ("fr", "en") → seed
    static let all: [String: [String: TemplateSeed]] =
        bookings
        .merging(account) { first, _ in first }
        .merging(marketing) { first, _ in first }
        .merging(alerts) { first, _ in first }
        .merging(invoices) { first, _ in first }
}
