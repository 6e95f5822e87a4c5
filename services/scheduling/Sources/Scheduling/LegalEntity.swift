import Foundation
import ServiceKit

/// The company that sells a cinema's tickets: what its invoices name as the seller, with the VAT
/// rates on cinema tickets in its country and the date each applies from.
struct LegalEntity: Codable, Sendable, Equatable {
    struct VATRate: Codable, Sendable, Equatable {
        /// Per mille: 55 is 5.5 %.
        var ratePermille: Int
        /// YYYY-MM-DD, in force from that day on.
        var validFrom: String
    }

    var name: String
    var address: String
    /// ISO 3166-1 alpha-2, e.g. FR, CH.
    var country: String
    var vatNumber: String
    var vatRates: [VATRate]

    /// The rate in force on `date` (the latest one valid from that day or before), if any.
    func rate(on date: Date) -> Int? {
        let day = date.formatted(.iso8601.year().month().day())
        return vatRates.filter { $0.validFrom <= day }.max { $0.validFrom < $1.validFrom }?.ratePermille
    }

    func validate() -> [Problem.FieldError] {
        var errors: [Problem.FieldError] = []
        for (field, value) in [("name", name), ("address", address), ("vatNumber", vatNumber)]
        where value.trimmingCharacters(in: .whitespaces).isEmpty || value.count > 300 {
            errors.append(.init(field: "legalEntity.\(field)", message: "must have 1 to 300 characters"))
        }
        if country.count != 2 || !country.allSatisfy({ $0.isASCII && $0.isUppercase }) {
            errors.append(.init(field: "legalEntity.country", message: "must be an ISO 3166-1 code such as FR or CH"))
        }
        if vatRates.isEmpty || vatRates.count > 20 {
            errors.append(.init(field: "legalEntity.vatRates", message: "must list 1 to 20 rates"))
        }
        for (index, rate) in vatRates.enumerated() {
            if !(0...300).contains(rate.ratePermille) {
                errors.append(
                    .init(field: "legalEntity.vatRates[\(index)].ratePermille", message: "must be 0 to 300 (per mille)")
                )
            }
            if rate.validFrom.count != 10
                || (try? Date.ISO8601FormatStyle().year().month().day().parse(rate.validFrom)) == nil
            {
                errors.append(
                    .init(field: "legalEntity.vatRates[\(index)].validFrom", message: "must be a date (YYYY-MM-DD)"))
            }
        }
        if Set(vatRates.map(\.validFrom)).count != vatRates.count {
            errors.append(.init(field: "legalEntity.vatRates", message: "has two rates valid from the same day"))
        }
        return errors
    }
}

/// What `scheduling.booking.held` tells payments about the seller of a booking.
struct HeldSeller: Codable, Sendable {
    var name: String
    var address: String
    var country: String
    var vatNumber: String
    /// The rate in force on the day of the sale.
    var vatRatePermille: Int
}
