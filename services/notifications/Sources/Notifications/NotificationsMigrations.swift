import Persistence

enum NotificationsMigrations {
    static let all = [
        Migration(
            1, "deliveries",
            [
                """
                CREATE TABLE deliveries (
                    id uuid PRIMARY KEY, event_id uuid NOT NULL, event_type text NOT NULL,
                    channel text NOT NULL, recipient text NOT NULL,
                    subject text NOT NULL, text_body text NOT NULL, html_body text,
                    status text NOT NULL CHECK (status IN ('pending', 'sent', 'failed')),
                    attempts integer NOT NULL DEFAULT 0, last_error text,
                    next_attempt_at timestamptz NOT NULL DEFAULT now(),
                    created_at timestamptz NOT NULL DEFAULT now(), sent_at timestamptz,
                    UNIQUE (event_id, channel, recipient))
                """,
                "CREATE INDEX deliveries_due ON deliveries (next_attempt_at) WHERE status = 'pending'",
                "CREATE INDEX deliveries_created ON deliveries (created_at DESC, id)",
            ])
    ]
}
