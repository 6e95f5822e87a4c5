import Foundation

/// A nightly window, in the person's time zone, during which intrusive messages wait.
/// `start` > `end` wraps midnight (22:00–08:00).
struct QuietHours: Sendable, Equatable {
    var start: Int  // minutes after midnight
    var end: Int

    init?(start: String?, end: String?) {
        guard let start = start.flatMap(Self.minutes), let end = end.flatMap(Self.minutes), start != end else {
            return nil
        }
        self.start = start
        self.end = end
    }

    /// `HH:mm` → minutes after midnight.
    static func minutes(_ text: String) -> Int? {
        let parts = text.split(separator: ":")
        guard parts.count == 2, let hours = Int(parts[0]), let minutes = Int(parts[1]), (0..<24).contains(hours),
            (0..<60).contains(minutes), parts[1].count == 2
        else { return nil }
        return hours * 60 + minutes
    }

    func contains(_ minute: Int) -> Bool {
        start < end ? (start..<end).contains(minute) : (minute >= start || minute < end)
    }

    /// When a message due at `date` may go: `nil` when it is outside the window, else the end of
    /// the window in that time zone.
    func deferral(of date: Date, timeZone: TimeZone) -> Date? {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        let parts = calendar.dateComponents([.hour, .minute], from: date)
        let minute = (parts.hour ?? 0) * 60 + (parts.minute ?? 0)
        guard contains(minute) else { return nil }
        let startOfDay = calendar.startOfDay(for: date)
        var end = calendar.date(byAdding: .minute, value: self.end, to: startOfDay) ?? date
        if end <= date { end = calendar.date(byAdding: .day, value: 1, to: end) ?? date }
        return end
    }
}

/// When a digest goes out: daily at `hour` local time, weekly on Monday at `hour`.
enum DigestSchedule {
    static func due(after date: Date, frequency: Frequency, hour: Int, timeZone: TimeZone) -> Date {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        var match = DateComponents(hour: hour, minute: 0, second: 0)
        if frequency == .weekly { match.weekday = 2 }
        return calendar.nextDate(after: date, matching: match, matchingPolicy: .nextTime) ?? date
    }
}
