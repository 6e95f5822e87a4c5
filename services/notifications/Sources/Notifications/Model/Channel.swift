/// The ways a message reaches a person.
enum Channel: String, Codable, CaseIterable, Sendable {
    case email, sms, push, inapp
}

/// What a message is about; preferences are set per category.
enum Category: String, Codable, CaseIterable, Sendable {
    /// Tickets, cancellations, refunds: transactional.
    case bookings
    /// Account security: locks, resets, password and role changes.
    case security
    /// New films and offers: opt-in, with a one-click unsubscribe.
    case marketing
    /// Reminders before a booked screening.
    case reminders
    /// Staff alerts (sent to the recipients of an alert rule, not through preferences).
    case alerts

    /// Transactional and security messages cannot be switched off entirely: at least one channel.
    var isEssential: Bool { self == .bookings || self == .security }

    /// Quiet hours hold back messages of these categories (the others are expected at once).
    var respectsQuietHours: Bool { self == .marketing || self == .reminders }

    /// Categories a person may receive as a daily or weekly digest instead of one by one.
    var allowsDigest: Bool { self == .marketing }

    /// Categories a person sets preferences for.
    static let personal: [Category] = [.bookings, .security, .marketing, .reminders]

    /// Channels used when the person never chose (marketing is opt-in).
    var defaultChannels: [Channel] {
        switch self {
        case .bookings, .reminders: [.email, .push, .inapp]
        case .security: [.email, .inapp]
        case .marketing: []
        case .alerts: [.email]
        }
    }
}

/// How often a category's messages are sent.
enum Frequency: String, Codable, CaseIterable, Sendable {
    case immediate, daily, weekly
}
