import ServiceRuntime

/// How long notifications keeps its logs (`RetentionJob` deletes them):
///
/// - `retention.deliveries.days` (180): deliveries that are no longer pending (sent, failed,
///   cancelled, gone), the delivery log staff read at `GET /deliveries`, and digest items already
///   sent in a digest, by creation date. Pending deliveries are never deleted. Also the log of
///   alert firings (`GET /alert-firings`), by firing date.
/// - `retention.feed.days` (365): in-app feed items read that long ago (unread items stay).
/// - `retention.inbox.days` (30, as the inbox): the refund log that the refund alert rules count
///   within their window (minutes or hours) and that deduplicates refund events.
enum NotificationsRetention {
    static let rules: [RetentionRule] = [
        .rows(
            of: "deliveries", endedAt: "created_at", where: "status <> 'pending'",
            configKey: "retention.deliveries.days", defaultDays: 180),
        .rows(
            of: "digest_items", endedAt: "created_at", where: "digest_id IS NOT NULL",
            configKey: "retention.deliveries.days", defaultDays: 180),
        .rows(
            of: "alert_firing_log", endedAt: "fired_at", configKey: "retention.deliveries.days", defaultDays: 180),
        .rows(
            of: "feed_items", endedAt: "read_at", where: "read_at IS NOT NULL", configKey: "retention.feed.days",
            defaultDays: 365),
        .rows(of: "refund_log", endedAt: "at", configKey: "retention.inbox.days", defaultDays: 30, minimumDays: 8),
    ]
}
