import AsyncHTTPClient
import Foundation

/// The outcome a payment provider gives for a charge.
enum ProviderOutcome: Sendable, Equatable {
    case succeeded(reference: String)
    case requiresAction(reference: String, redirectURL: String)
    case failed(reference: String, reason: String)
}

/// A payment provider adapter. Every call carries an idempotency key derived deterministically
/// from ours, so a retried call is the same call at the provider.
protocol PaymentProvider: Sendable {
    var name: String { get }
    /// `metadata` travels with the charge (our payment and booking ids) for reconciliation;
    /// `authenticate` asks for 3-D Secure whatever the card (a fraud rule wants it).
    func charge(
        paymentMethod: String, amount: Int, currency: String, idempotencyKey: String, metadata: [String: String],
        authenticate: Bool
    ) async throws -> ProviderOutcome
    /// The state of a charge that waited for the customer (3-D Secure).
    func status(of reference: String) async throws -> ProviderOutcome
    /// Refunds `amount` of a charge; returns the provider's refund reference.
    func refund(reference: String, amount: Int, idempotencyKey: String) async throws -> String
}

/// The provider cannot be reached or answered something unusable: the checkout can be retried.
struct ProviderUnavailable: Error, CustomStringConvertible {
    var provider: String
    var detail: String
    var description: String { "\(provider) unavailable: \(detail)" }
}

/// The providers of this installation by name (`simulated` always; `stripe` when configured).
struct PaymentProviders: Sendable {
    let all: [String: any PaymentProvider]

    init(_ providers: [any PaymentProvider]) {
        all = Dictionary(uniqueKeysWithValues: providers.map { ($0.name, $0) })
    }

    subscript(name: String) -> (any PaymentProvider)? { all[name] }
}

extension HTTPClient {
    /// One call to a provider's JSON API: the status and the decoded body (empty when not JSON);
    /// a transport failure or timeout is `ProviderUnavailable`.
    func providerCall(_ request: HTTPClientRequest, timeoutSeconds: Int64, provider: String) async throws
        -> (UInt, [String: Any])
    {
        do {
            let response = try await execute(request, timeout: .seconds(timeoutSeconds))
            let bytes = try await response.body.collect(upTo: 1 << 20)
            let json = (try? JSONSerialization.jsonObject(with: Data(bytes.readableBytesView))) as? [String: Any] ?? [:]
            return (response.status.code, json)
        } catch {
            throw ProviderUnavailable(provider: provider, detail: "\(error)")
        }
    }
}
