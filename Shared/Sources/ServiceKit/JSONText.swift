import Foundation

/// JSON written straight into bytes, the same bytes `JSONBody.encoder` makes (ISO 8601 dates in
/// UTC to the second, `/` escaped, integral doubles without `.0`), for the hot answers whose
/// `Codable` encoding builds a tree of boxed values first (a page of 20 films: a quarter of the
/// request's CPU). Keys are written in the order given: callers give them sorted, as
/// `.sortedKeys` sorts them (by UTF-8 bytes). `JSONTextTests` compares the two.
public struct JSONText: Sendable {
    public private(set) var bytes: [UInt8] = []
    private var needsComma = false

    public init(capacity: Int = 4096) {
        bytes.reserveCapacity(capacity)
    }

    public mutating func beginObject() {
        separate()
        bytes.append(UInt8(ascii: "{"))
        needsComma = false
    }

    public mutating func endObject() {
        bytes.append(UInt8(ascii: "}"))
        needsComma = true
    }

    public mutating func beginArray() {
        separate()
        bytes.append(UInt8(ascii: "["))
        needsComma = false
    }

    public mutating func endArray() {
        bytes.append(UInt8(ascii: "]"))
        needsComma = true
    }

    /// The next member's key; its value follows.
    public mutating func key(_ name: String) {
        separate()
        quoted(name)
        bytes.append(UInt8(ascii: ":"))
        needsComma = false
    }

    public mutating func string(_ value: String) {
        separate()
        quoted(value)
        needsComma = true
    }

    public mutating func int(_ value: Int) {
        separate()
        bytes.append(contentsOf: String(value).utf8)
        needsComma = true
    }

    /// As `JSONEncoder` writes it: the shortest round-tripping form, `5` for `5.0`; not finite: null.
    public mutating func double(_ value: Double) {
        guard value.isFinite else { return null() }
        separate()
        var text = value.description
        if text.hasSuffix(".0") { text.removeLast(2) }
        bytes.append(contentsOf: text.utf8)
        needsComma = true
    }

    public mutating func bool(_ value: Bool) {
        separate()
        bytes.append(contentsOf: (value ? "true" : "false").utf8)
        needsComma = true
    }

    public mutating func null() {
        separate()
        bytes.append(contentsOf: "null".utf8)
        needsComma = true
    }

    /// `2026-12-07T12:29:46Z`: UTC, whole seconds (the fraction dropped, as `.iso8601` does).
    public mutating func date(_ value: Date) {
        let seconds = Int(value.timeIntervalSince1970.rounded(.down))
        let (days, time) = seconds.quotientAndRemainder(dividingBy: 86_400)
        let (day, second) = time < 0 ? (days - 1, time + 86_400) : (days, time)
        let (year, month, dayOfMonth) = Self.civil(fromDays: day)
        // Foundation's calendar is Julian before October 1582: older dates are its to write.
        guard (1600...9999).contains(year) else {
            return string(value.formatted(Date.ISO8601FormatStyle()))
        }
        separate()
        bytes.append(UInt8(ascii: "\""))
        digits(year, 4)
        bytes.append(UInt8(ascii: "-"))
        digits(month, 2)
        bytes.append(UInt8(ascii: "-"))
        digits(dayOfMonth, 2)
        bytes.append(UInt8(ascii: "T"))
        digits(second / 3600, 2)
        bytes.append(UInt8(ascii: ":"))
        digits(second / 60 % 60, 2)
        bytes.append(UInt8(ascii: ":"))
        digits(second % 60, 2)
        bytes.append(contentsOf: "Z\"".utf8)
        needsComma = true
    }

    // A member, left out when nil (as `Codable`'s `encodeIfPresent`).
    public mutating func member(_ name: String, _ value: String?) {
        guard let value else { return }
        key(name)
        string(value)
    }

    public mutating func member(_ name: String, _ value: Int?) {
        guard let value else { return }
        key(name)
        int(value)
    }

    public mutating func member(_ name: String, _ value: Double?) {
        guard let value else { return }
        key(name)
        double(value)
    }

    public mutating func member(_ name: String, _ value: Date?) {
        guard let value else { return }
        key(name)
        date(value)
    }

    public mutating func member(_ name: String, _ values: [String]) {
        key(name)
        strings(values)
    }

    /// An array of the elements, each written by `element`.
    public mutating func array<Element>(_ elements: [Element], _ element: (inout JSONText, Element) -> Void) {
        beginArray()
        for item in elements { element(&self, item) }
        endArray()
    }

    public mutating func strings(_ values: [String]) {
        array(values) { $0.string($1) }
    }

    /// A string-to-string object, its keys sorted as `.sortedKeys` sorts them.
    public mutating func object(_ values: [String: String]) {
        object(values) { $0.string($1) }
    }

    /// An object of the values, each written by `value`, its keys sorted as `.sortedKeys` sorts
    /// them (by UTF-8 bytes).
    public mutating func object<Value>(_ values: [String: Value], _ value: (inout JSONText, Value) -> Void) {
        beginObject()
        for (name, item) in values.sorted(by: { $0.key.utf8.lexicographicallyPrecedes($1.key.utf8) }) {
            key(name)
            value(&self, item)
        }
        endObject()
    }

    /// Year, month and day of a day counted from 1970-01-01 (proleptic Gregorian; H. Hinnant's
    /// `civil_from_days`).
    static func civil(fromDays days: Int) -> (Int, Int, Int) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let shifted = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * shifted + 2) / 5 + 1
        let month = shifted < 10 ? shifted + 3 : shifted - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }

    private mutating func separate() {
        if needsComma { bytes.append(UInt8(ascii: ",")) }
    }

    /// `count` decimal digits of a number from 0 up, zero-padded.
    private mutating func digits(_ number: Int, _ count: Int) {
        var divisor = 1
        for _ in 1..<count { divisor *= 10 }
        while divisor > 0 {
            bytes.append(UInt8(ascii: "0") + UInt8(number / divisor % 10))
            divisor /= 10
        }
    }

    private mutating func quoted(_ value: String) {
        bytes.append(UInt8(ascii: "\""))
        for byte in value.utf8 {
            switch byte {
            case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): escaped(byte)
            case 0x0A: escaped(UInt8(ascii: "n"))
            case 0x0D: escaped(UInt8(ascii: "r"))
            case 0x09: escaped(UInt8(ascii: "t"))
            case 0x08: escaped(UInt8(ascii: "b"))
            case 0x0C: escaped(UInt8(ascii: "f"))
            case 0..<0x20:
                escaped(UInt8(ascii: "u"))
                bytes.append(contentsOf: "00".utf8)
                bytes.append(Self.hex[Int(byte >> 4)])
                bytes.append(Self.hex[Int(byte & 0xF)])
            default: bytes.append(byte)
            }
        }
        bytes.append(UInt8(ascii: "\""))
    }

    private mutating func escaped(_ byte: UInt8) {
        bytes.append(UInt8(ascii: "\\"))
        bytes.append(byte)
    }

    private static let hex = Array("0123456789abcdef".utf8)
}
