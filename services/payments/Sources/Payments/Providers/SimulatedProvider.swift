import Foundation

/// The built-in provider of `make run` and the tests; it behaves like Stripe's test mode:
/// `tok_visa` succeeds, `tok_3ds` requires 3-D Secure, `tok_declined` is declined and
/// `tok_insufficient_funds` fails for lack of funds. Any other token is declined.
/// References derive from the idempotency key, so a retried charge is the same charge.
/// `latency` (`simulated.latency.ms`, 0) makes every call take that long, like a real provider.
struct SimulatedProvider: PaymentProvider {
    let name = "simulated"
    var latency: Duration = .zero

    func charge(
        paymentMethod: String, amount: Int, currency: String, idempotencyKey: String, metadata: [String: String] = [:],
        authenticate: Bool = false
    ) async throws -> ProviderOutcome {
        if latency > .zero { try await Task.sleep(for: latency) }
        let reference = "sim_\(idempotencyKey)"
        let challenge = authenticate && ["tok_visa", "tok_mastercard"].contains(paymentMethod)
        switch challenge ? "tok_3ds" : paymentMethod {
        case "tok_visa", "tok_mastercard":
            return .succeeded(reference: reference)
        case "tok_3ds":
            return .requiresAction(reference: reference, redirectURL: "https://simulated.invalid/3ds/\(reference)")
        case "tok_insufficient_funds": return .failed(reference: reference, reason: "insufficient_funds")
        default: return .failed(reference: reference, reason: "card_declined")
        }
    }

    /// The simulated 3-D Secure challenge always passes once the customer comes back.
    func status(of reference: String) -> ProviderOutcome { .succeeded(reference: reference) }

    func refund(reference: String, amount: Int, idempotencyKey: String) async throws -> String {
        if latency > .zero { try await Task.sleep(for: latency) }
        return "sim_re_\(reference)"
    }
}
