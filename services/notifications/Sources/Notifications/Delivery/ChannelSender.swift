import Foundation
import Logging
import PostgresNIO
import ServiceKit

/// A rendered message on its way to one recipient.
struct OutgoingNotice: Sendable {
    var deliveryID: UUID
    var kind: String
    var channel: Channel
    var recipient: String
    var userID: UUID?
    var message: RenderedMessage
    var values: [String: JSONValue]

    var link: String? {
        if case .string(let link) = values["link"] { return link }
        return nil
    }
}

enum SendOutcome: Sendable, Equatable {
    case sent
    /// The address no longer exists (a push subscription answered 404/410): no retry.
    case gone(String)
}

/// One channel's provider. A thrown error means "try again later".
protocol ChannelSender: Sendable {
    func send(_ notice: OutgoingNotice, on connection: PostgresConnection, logger: Logger) async throws
        -> SendOutcome
}

/// A provider's refusal, with its HTTP status when there is one.
struct ProviderError: Error, CustomStringConvertible {
    var provider: String
    var status: Int?
    var detail: String
    var description: String { "\(provider)\(status.map { " \($0)" } ?? ""): \(detail)" }
}
