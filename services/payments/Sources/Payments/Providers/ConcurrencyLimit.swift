import Metrics

/// At most `limit` calls in flight to one provider from this replica, the others waiting in
/// order — a real provider limits concurrent requests per account and connection, so a replica
/// must not open more than its share (`payments.provider.concurrency`). A call that waits longer
/// than `maxWait` gives up as `ProviderUnavailable` (the checkout answers 503 and can be retried):
/// a queue that long means the replicas are too few, and waiting on would only pile up clients.
actor ConcurrencyLimit {
    let limit: Int
    let maxWait: Duration
    private var inFlight = 0
    private var waiting: [(id: Int, continuation: CheckedContinuation<Bool, Never>)] = []
    private var nextID = 0
    private let inFlightGauge: Gauge
    private let waitingGauge: Gauge

    init(limit: Int, maxWait: Duration, provider: String) {
        self.limit = max(1, limit)
        self.maxWait = maxWait
        inFlightGauge = Gauge(label: "payments_provider_calls_in_flight", dimensions: [("provider", provider)])
        waitingGauge = Gauge(label: "payments_provider_calls_waiting", dimensions: [("provider", provider)])
    }

    /// Runs `body` once a slot is free; throws `ProviderUnavailable` when none frees up in time.
    nonisolated func run<T: Sendable>(provider: String, _ body: @Sendable () async throws -> T) async throws -> T {
        guard await acquire() else {
            throw ProviderUnavailable(provider: provider, detail: "too many calls in flight from this replica")
        }
        do {
            let value = try await body()
            await release()
            return value
        } catch {
            await release()
            throw error
        }
    }

    private func acquire() async -> Bool {
        if inFlight < limit {
            inFlight += 1
            inFlightGauge.record(inFlight)
            return true
        }
        let id = nextID
        nextID += 1
        let timeout = Task { [maxWait] in
            try await Task.sleep(for: maxWait)
            self.expire(id)
        }
        defer { timeout.cancel() }
        return await withCheckedContinuation { continuation in
            waiting.append((id, continuation))
            waitingGauge.record(waiting.count)
        }
    }

    /// Hands the slot to the longest waiting call, else frees it.
    private func release() {
        if waiting.isEmpty {
            inFlight -= 1
            inFlightGauge.record(inFlight)
            return
        }
        let next = waiting.removeFirst()
        waitingGauge.record(waiting.count)
        next.continuation.resume(returning: true)
    }

    private func expire(_ id: Int) {
        guard let index = waiting.firstIndex(where: { $0.id == id }) else { return }
        let expired = waiting.remove(at: index)
        waitingGauge.record(waiting.count)
        expired.continuation.resume(returning: false)
    }
}

/// A provider whose calls go through a `ConcurrencyLimit`.
struct LimitedProvider: PaymentProvider {
    let inner: any PaymentProvider
    let gate: ConcurrencyLimit

    var name: String { inner.name }

    func charge(
        paymentMethod: String, amount: Int, currency: String, idempotencyKey: String, metadata: [String: String],
        authenticate: Bool
    ) async throws -> ProviderOutcome {
        try await gate.run(provider: name) {
            try await inner.charge(
                paymentMethod: paymentMethod, amount: amount, currency: currency, idempotencyKey: idempotencyKey,
                metadata: metadata, authenticate: authenticate)
        }
    }

    func status(of reference: String) async throws -> ProviderOutcome {
        try await gate.run(provider: name) { try await inner.status(of: reference) }
    }

    func refund(reference: String, amount: Int, idempotencyKey: String) async throws -> String {
        try await gate.run(provider: name) {
            try await inner.refund(reference: reference, amount: amount, idempotencyKey: idempotencyKey)
        }
    }
}
