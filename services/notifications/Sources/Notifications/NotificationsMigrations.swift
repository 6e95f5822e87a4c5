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
            ]),
        Migration(2, "channels, preferences, templates, feed, push, digests, alerts", channels),
        Migration(
            3, "alert firings per rule and subject",
            [
                """
                CREATE TABLE alert_firings (
                    rule_id uuid NOT NULL REFERENCES alert_rules ON DELETE CASCADE, subject text NOT NULL,
                    fired_at timestamptz NOT NULL, PRIMARY KEY (rule_id, subject))
                """
            ]),
        Migration(
            4, "a language chosen in preferences outlives auth's events",
            ["ALTER TABLE contacts ADD COLUMN language_chosen boolean NOT NULL DEFAULT false"]),
        Migration(
            5, "a log row per alert firing (alert_firings keeps only the latest per rule and subject)",
            [
                """
                CREATE TABLE alert_firing_log (
                    id uuid PRIMARY KEY, rule_id uuid REFERENCES alert_rules ON DELETE SET NULL,
                    rule_name text NOT NULL, kind text NOT NULL, subject text,
                    details jsonb NOT NULL DEFAULT '{}', delivery_event_id uuid NOT NULL,
                    fired_at timestamptz NOT NULL DEFAULT now())
                """,
                "CREATE INDEX alert_firing_log_fired ON alert_firing_log (fired_at DESC, id DESC)",
                "CREATE INDEX alert_firing_log_rule ON alert_firing_log (rule_id, fired_at DESC, id DESC)",
            ]),
    ]

    /// Messages are rendered when they are sent (so reminders and rescheduled screenings read
    /// current values); a delivery keeps its template values (`data`) until then.
    static let channels = [
        """
        ALTER TABLE deliveries
            ADD COLUMN user_id uuid, ADD COLUMN category text NOT NULL DEFAULT 'security',
            ADD COLUMN locale text NOT NULL DEFAULT 'fr', ADD COLUMN data jsonb,
            ADD COLUMN booking_id uuid, ADD COLUMN screening_id uuid, ADD COLUMN deferred_reason text,
            ALTER COLUMN subject SET DEFAULT '', ALTER COLUMN text_body SET DEFAULT ''
        """,
        "ALTER TABLE deliveries DROP CONSTRAINT deliveries_status_check",
        """
        ALTER TABLE deliveries ADD CONSTRAINT deliveries_status_check
            CHECK (status IN ('pending', 'sent', 'failed', 'cancelled', 'gone'))
        """,
        "CREATE INDEX deliveries_booking ON deliveries (booking_id) WHERE status = 'pending'",
        "CREATE INDEX deliveries_screening ON deliveries (screening_id) WHERE status = 'pending'",
        """
        CREATE TABLE contacts (
            user_id uuid PRIMARY KEY, email text NOT NULL, display_name text NOT NULL DEFAULT '',
            language text NOT NULL DEFAULT 'fr', phone text, time_zone text NOT NULL DEFAULT 'Europe/Paris',
            quiet_start time, quiet_end time,
            favourite_genres text[] NOT NULL DEFAULT '{}', favourite_languages text[] NOT NULL DEFAULT '{}',
            updated_at timestamptz NOT NULL DEFAULT now())
        """,
        """
        CREATE TABLE preferences (
            user_id uuid NOT NULL REFERENCES contacts ON DELETE CASCADE, category text NOT NULL,
            channels text[] NOT NULL, frequency text NOT NULL CHECK (frequency IN ('immediate', 'daily', 'weekly')),
            PRIMARY KEY (user_id, category))
        """,
        """
        CREATE TABLE templates (
            event_type text NOT NULL, channel text NOT NULL, locale text NOT NULL, version integer NOT NULL,
            subject text NOT NULL, body text NOT NULL, html text, author text NOT NULL,
            created_at timestamptz NOT NULL DEFAULT now(),
            PRIMARY KEY (event_type, channel, locale, version))
        """,
        """
        CREATE TABLE feed_items (
            id uuid PRIMARY KEY, user_id uuid NOT NULL, event_id uuid NOT NULL, event_type text NOT NULL,
            title text NOT NULL, body text NOT NULL, link text,
            created_at timestamptz NOT NULL DEFAULT now(), read_at timestamptz,
            UNIQUE (event_id, user_id))
        """,
        "CREATE INDEX feed_items_user ON feed_items (user_id, created_at DESC, id)",
        "CREATE INDEX feed_items_unread ON feed_items (user_id) WHERE read_at IS NULL",
        """
        CREATE TABLE push_subscriptions (
            id uuid PRIMARY KEY, user_id uuid NOT NULL, endpoint text NOT NULL UNIQUE,
            p256dh bytea NOT NULL, auth bytea NOT NULL, created_at timestamptz NOT NULL DEFAULT now())
        """,
        "CREATE INDEX push_subscriptions_user ON push_subscriptions (user_id)",
        """
        CREATE TABLE digest_items (
            id uuid PRIMARY KEY, user_id uuid NOT NULL, event_id uuid NOT NULL, event_type text NOT NULL,
            category text NOT NULL, frequency text NOT NULL, title text NOT NULL, body text NOT NULL,
            due_at timestamptz NOT NULL, digest_id uuid, created_at timestamptz NOT NULL DEFAULT now(),
            UNIQUE (event_id, user_id))
        """,
        "CREATE INDEX digest_items_due ON digest_items (due_at) WHERE digest_id IS NULL",
        """
        CREATE TABLE bookings (
            booking_id uuid PRIMARY KEY, screening_id uuid NOT NULL, user_id uuid NOT NULL,
            film_title text NOT NULL, cinema_name text NOT NULL, auditorium_name text NOT NULL,
            starts_at timestamptz NOT NULL, seats text NOT NULL, cancelled boolean NOT NULL DEFAULT false)
        """,
        "CREATE INDEX bookings_screening ON bookings (screening_id)",
        """
        CREATE TABLE alert_rules (
            id uuid PRIMARY KEY, name text NOT NULL,
            kind text NOT NULL CHECK (kind IN ('occupancy', 'fraud', 'refunds', 'parked')),
            threshold integer NOT NULL DEFAULT 0, window_minutes integer NOT NULL DEFAULT 60,
            recipients text[] NOT NULL, channels text[] NOT NULL, enabled boolean NOT NULL DEFAULT true,
            last_fired_at timestamptz, created_at timestamptz NOT NULL DEFAULT now())
        """,
        "CREATE TABLE refund_log (event_id uuid PRIMARY KEY, at timestamptz NOT NULL DEFAULT now())",
    ]
}
