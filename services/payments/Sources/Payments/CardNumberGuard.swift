import Foundation
import ServiceKit

/// PCI DSS scope stays SAQ A: card numbers go to the provider's own fields, never to us. Any
/// string in a request body that looks like a card number (13 to 19 digits, spaces or dashes
/// allowed, Luhn-valid) is refused before anything is stored or logged.
enum CardNumberGuard {
    static func refuse(in body: Data) throws {
        guard let json = try? JSONSerialization.jsonObject(with: body, options: [.fragmentsAllowed]) else { return }
        if let field = firstCardNumber(in: json, path: "") {
            throw AppError(
                .unprocessableContent, code: "card-number-refused",
                "Card numbers must never be sent to Homestudio: use the payment provider's card form",
                errors: [.init(field: field, message: "looks like a card number")])
        }
    }

    static func firstCardNumber(in value: Any, path: String) -> String? {
        switch value {
        case let string as String: return looksLikeCardNumber(string) ? (path.isEmpty ? "body" : path) : nil
        case let number as NSNumber:
            return looksLikeCardNumber(number.stringValue) ? (path.isEmpty ? "body" : path) : nil
        case let object as [String: Any]:
            for (key, item) in object.sorted(by: { $0.key < $1.key }) {
                if let found = firstCardNumber(in: item, path: path.isEmpty ? key : "\(path).\(key)") { return found }
            }
            return nil
        case let array as [Any]:
            for (index, item) in array.enumerated() {
                if let found = firstCardNumber(in: item, path: "\(path)[\(index)]") { return found }
            }
            return nil
        default: return nil
        }
    }

    /// 13–19 digits once spaces and dashes are removed, and a valid Luhn checksum.
    static func looksLikeCardNumber(_ text: String) -> Bool {
        let digits = text.filter { $0 != " " && $0 != "-" }
        guard (13...19).contains(digits.count), digits.allSatisfy({ $0.isASCII && $0.isNumber }) else { return false }
        var sum = 0
        for (index, character) in digits.reversed().enumerated() {
            var digit = Int(String(character))!
            if index % 2 == 1 {
                digit *= 2
                if digit > 9 { digit -= 9 }
            }
            sum += digit
        }
        return sum % 10 == 0
    }
}
