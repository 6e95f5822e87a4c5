import Foundation
import ServiceKit

/// A line of a price card: the price for an audience, optionally only for a seat kind, a format,
/// some days of the week (ISO: 1 = Monday) and a time window (`HH:MM`, local to the cinema;
/// `from` after `to` wraps past midnight).
struct PriceRule: Codable, Sendable, Equatable {
    var audience: String
    var seatKind: String?
    var format: String?
    var days: [Int]?
    var from: String?
    var to: String?
    var amount: Int

    /// How many conditions the rule sets: the most specific matching rule wins.
    var specificity: Int {
        [seatKind != nil, format != nil, days != nil, from != nil || to != nil].filter { $0 }.count
    }
}

/// Where and when a seat is sold, as price rules see it.
struct PricingContext: Sendable {
    var format: String
    /// ISO day of the week of the screening's start, in the cinema's time zone.
    var weekday: Int
    /// Minutes since local midnight at the screening's start.
    var minute: Int
}

/// Price cards à la Vista: by seat kind, day of week, time of day, format and audience.
enum Pricing {
    static let audiences: Set<String> = ["adult", "child", "student", "senior"]

    /// The price of a seat of `kind` for `audience`: the most specific matching rule, the lower
    /// amount between equally specific ones; nil when no rule matches.
    static func price(_ rules: [PriceRule], audience: String, seatKind: String, at context: PricingContext) -> Int? {
        rules.filter { matches($0, audience: audience, seatKind: seatKind, context) }
            .min { ($1.specificity, $0.amount) < ($0.specificity, $1.amount) }?.amount
    }

    static func matches(_ rule: PriceRule, audience: String, seatKind: String, _ context: PricingContext) -> Bool {
        guard rule.audience == audience, rule.seatKind.map({ $0 == seatKind }) ?? true,
            rule.format.map({ $0 == context.format }) ?? true, rule.days.map({ $0.contains(context.weekday) }) ?? true
        else { return false }
        let from = rule.from.flatMap(minutes) ?? 0
        let to = rule.to.flatMap(minutes) ?? 24 * 60
        return from <= to
            ? (from..<to).contains(context.minute) : context.minute >= from || context.minute < to
    }

    /// `HH:MM` as minutes since midnight.
    static func minutes(_ time: String) -> Int? {
        let parts = time.split(separator: ":")
        guard parts.count == 2, let hours = Int(parts[0]), let minutes = Int(parts[1]), (0...24).contains(hours),
            (0..<60).contains(minutes), hours * 60 + minutes <= 24 * 60
        else { return nil }
        return hours * 60 + minutes
    }

    /// What is wrong with a card's rules, field by field.
    static func problems(_ rules: [PriceRule]) -> [Problem.FieldError] {
        var errors: [Problem.FieldError] = []
        if !(1...200).contains(rules.count) {
            errors.append(.init(field: "rules", message: "must list 1 to 200 rules"))
        }
        for (index, rule) in rules.enumerated() {
            let field = "rules[\(index)]"
            if !audiences.contains(rule.audience) {
                errors.append(.init(field: "\(field).audience", message: "must be adult, child, student or senior"))
            }
            if let kind = rule.seatKind, !["standard", "premium", "wheelchair", "companion"].contains(kind) {
                errors.append(.init(field: "\(field).seatKind", message: "must be a sellable seat kind"))
            }
            if let format = rule.format, !ScreeningController.formats.contains(format) {
                errors.append(.init(field: "\(field).format", message: "must be 2D, 3D or IMAX"))
            }
            if let days = rule.days, days.isEmpty || !days.allSatisfy((1...7).contains) {
                errors.append(.init(field: "\(field).days", message: "must list ISO weekdays 1 (Monday) to 7"))
            }
            for (name, value) in [("from", rule.from), ("to", rule.to)] where value != nil && minutes(value!) == nil {
                errors.append(.init(field: "\(field).\(name)", message: "must be a time HH:MM"))
            }
            if !(0...100_000).contains(rule.amount) {
                errors.append(.init(field: "\(field).amount", message: "must be 0 to 100000 minor units"))
            }
        }
        return errors
    }
}
