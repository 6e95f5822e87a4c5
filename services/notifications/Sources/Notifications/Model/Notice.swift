import Crypto
import Foundation
import ServiceKit

/// What one event tells one person: a template kind, its values, its category.
struct Notice: Sendable {
    /// The template's event kind (an event type, or `notifications.reminder`, `notifications.alert.*`).
    var kind: String
    var category: Category
    var values: [String: JSONValue]
    var bookingID: UUID? = nil
    var screeningID: UUID? = nil
    /// In-app link (relative to the web app).
    var link: String? = nil
    /// Not to be sent before (reminders).
    var notBefore: Date? = nil
    /// Channels this message always and only uses, whatever the preferences (a reset link goes by
    /// e-mail and nowhere else).
    var onlyChannels: [Channel]? = nil

    /// The id that makes (event, channel, recipient) unique: the event's own id for its own
    /// message, a stable derivation for other messages of the same event (a reminder, an alert
    /// per rule), so that a redelivered event yields the same ids.
    func deliveryEventID(_ eventID: UUID, type: String, qualifier: String = "") -> UUID {
        kind == type && qualifier.isEmpty ? eventID : Self.derive(eventID, "\(kind)|\(qualifier)")
    }

    static func derive(_ id: UUID, _ label: String) -> UUID {
        var bytes = Array(SHA256.hash(data: Data("\(id.uuidString)|\(label)".utf8)).prefix(16))
        bytes[6] = (bytes[6] & 0x0F) | 0x50
        bytes[8] = (bytes[8] & 0x3F) | 0x80
        return UUID(
            uuid: (
                bytes[0], bytes[1], bytes[2], bytes[3], bytes[4], bytes[5], bytes[6], bytes[7], bytes[8], bytes[9],
                bytes[10], bytes[11], bytes[12], bytes[13], bytes[14], bytes[15]
            ))
    }
}

extension JSONValue {
    /// Template values: Mustache reads Swift strings, numbers, booleans, arrays and dictionaries.
    var mustacheValue: Any {
        switch self {
        case .string(let text): text
        case .number(let number): number.rounded() == number ? Int(number) as Any : number
        case .bool(let flag): flag
        case .array(let items): items.map(\.mustacheValue)
        case .object(let fields): fields.mapValues(\.mustacheValue)
        case .null: false
        }
    }

    static func from(_ value: Any) -> JSONValue {
        switch value {
        case let text as String: .string(text)
        case let flag as Bool: .bool(flag)
        case let number as Int: .number(Double(number))
        case let number as Double: .number(number)
        case let items as [Any]: .array(items.map(from))
        case let fields as [String: Any]: .object(fields.mapValues(from))
        default: .string("\(value)")
        }
    }
}
