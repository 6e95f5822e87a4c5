import ServiceRuntime

/// How long payments keeps what only serves for a while (`RetentionJob` deletes it):
///
/// - `retention.idempotency.days` (7): idempotency keys and their stored answers. A client's retry
///   within that time gets the first answer. Providers keep theirs for less (Stripe: 24 hours).
///   After our key is gone a retry is a new request: a checkout is then refused before any charge
///   (the booking's hold, minutes long, is over); a staff refund is then a new refund, bounded by
///   what remains of the payment.
/// - `retention.provider.events.days` (90): the ids of processed provider webhooks (deduplication).
///   Providers redeliver an unacknowledged webhook for up to 3 days (Stripe, PayPal).
enum PaymentsRetention {
    static let rules: [RetentionRule] = [
        .rows(of: "idempotency_keys", endedAt: "created_at", configKey: "retention.idempotency.days", defaultDays: 7),
        .rows(
            of: "provider_events", endedAt: "received_at", configKey: "retention.provider.events.days",
            defaultDays: 90),
    ]
}
