import Persistence

enum PaymentsMigrations {
    static let all = [
        Migration(
            1, "booking replica, payments, idempotency keys, refunds",
            [
                """
                CREATE TABLE bookings (
                    booking_id uuid PRIMARY KEY, user_id uuid NOT NULL, user_email text NOT NULL,
                    film_title text NOT NULL, amount integer NOT NULL, currency char(3) NOT NULL,
                    expires_at timestamptz NOT NULL,
                    status text NOT NULL CHECK (status IN ('held', 'expired')),
                    received_at timestamptz NOT NULL DEFAULT now())
                """,
                """
                CREATE TABLE payments (
                    id uuid PRIMARY KEY, booking_id uuid NOT NULL, user_id uuid NOT NULL, provider text NOT NULL,
                    provider_reference text NOT NULL UNIQUE,
                    status text NOT NULL CHECK (status IN ('requires_action', 'succeeded', 'failed', 'refunded')),
                    amount integer NOT NULL, currency char(3) NOT NULL, failure_reason text,
                    created_at timestamptz NOT NULL DEFAULT now(), updated_at timestamptz NOT NULL DEFAULT now())
                """,
                // A booking can have many failed attempts but only one payment in flight or paid.
                """
                CREATE UNIQUE INDEX payments_one_live_per_booking ON payments (booking_id)
                WHERE status IN ('requires_action', 'succeeded')
                """,
                """
                CREATE TABLE idempotency_keys (
                    user_id uuid NOT NULL, key text NOT NULL, request_hash text NOT NULL,
                    response_status integer, response_body bytea,
                    created_at timestamptz NOT NULL DEFAULT now(), PRIMARY KEY (user_id, key))
                """,
                """
                CREATE TABLE refunds (
                    id uuid PRIMARY KEY, payment_id uuid NOT NULL UNIQUE REFERENCES payments(id),
                    amount integer NOT NULL, currency char(3) NOT NULL, reason text NOT NULL,
                    provider_reference text NOT NULL, created_at timestamptz NOT NULL DEFAULT now())
                """,
            ]),
        Migration(
            2, "provider events",
            [
                """
                CREATE TABLE provider_events (
                    provider text NOT NULL, event_id text NOT NULL, type text NOT NULL,
                    received_at timestamptz NOT NULL DEFAULT now(), PRIMARY KEY (provider, event_id))
                """
            ]),
        Migration(
            3, "promo codes",
            [
                "ALTER TABLE bookings ADD COLUMN film_id uuid, ADD COLUMN screening_id uuid",
                """
                CREATE TABLE promo_codes (
                    code text PRIMARY KEY, kind text NOT NULL CHECK (kind IN ('percent', 'fixed')),
                    value integer NOT NULL CHECK (value > 0), currency char(3),
                    valid_from timestamptz, valid_until timestamptz,
                    max_redemptions integer CHECK (max_redemptions > 0),
                    per_user_limit integer CHECK (per_user_limit > 0), min_amount integer NOT NULL DEFAULT 0,
                    film_ids uuid[], screening_ids uuid[], redeemed integer NOT NULL DEFAULT 0,
                    created_at timestamptz NOT NULL DEFAULT now(),
                    CHECK (max_redemptions IS NULL OR redeemed <= max_redemptions), CHECK (redeemed >= 0))
                """,
                """
                CREATE TABLE promo_redemptions (
                    id uuid PRIMARY KEY, code text NOT NULL REFERENCES promo_codes(code), user_id uuid NOT NULL,
                    booking_id uuid NOT NULL, payment_id uuid, discount integer NOT NULL,
                    status text NOT NULL CHECK (status IN ('reserved', 'redeemed', 'released')),
                    created_at timestamptz NOT NULL DEFAULT now())
                """,
                "CREATE INDEX promo_redemptions_payment ON promo_redemptions (payment_id)",
                "CREATE INDEX promo_redemptions_booking ON promo_redemptions (booking_id) WHERE status = 'reserved'",
                "ALTER TABLE payments ADD COLUMN discount integer NOT NULL DEFAULT 0, ADD COLUMN promo_code text",
            ]),
        Migration(
            4, "partial refunds",
            [
                "ALTER TABLE refunds DROP CONSTRAINT refunds_payment_id_key",
                "CREATE INDEX refunds_payment ON refunds (payment_id)",
                "ALTER TABLE refunds ADD COLUMN fee integer NOT NULL DEFAULT 0",
                "ALTER TABLE payments DROP CONSTRAINT payments_status_check",
                """
                ALTER TABLE payments ADD CONSTRAINT payments_status_check
                CHECK (status IN ('requires_action', 'succeeded', 'failed', 'partially_refunded', 'refunded'))
                """,
                "DROP INDEX payments_one_live_per_booking",
                """
                CREATE UNIQUE INDEX payments_one_live_per_booking ON payments (booking_id)
                WHERE status IN ('requires_action', 'succeeded', 'partially_refunded')
                """,
            ]),
        Migration(
            5, "invoices",
            [
                """
                CREATE TABLE invoice_counters (
                    series text NOT NULL, year integer NOT NULL, next integer NOT NULL, PRIMARY KEY (series, year))
                """,
                """
                CREATE TABLE invoices (
                    id uuid PRIMARY KEY, number text NOT NULL UNIQUE, series text NOT NULL, year integer NOT NULL,
                    sequence integer NOT NULL, kind text NOT NULL CHECK (kind IN ('invoice', 'credit_note')),
                    payment_id uuid NOT NULL REFERENCES payments(id), user_id uuid NOT NULL, buyer_email text NOT NULL,
                    lines jsonb NOT NULL, net_total integer NOT NULL, vat_total integer NOT NULL,
                    total integer NOT NULL, vat_permille integer NOT NULL, currency char(3) NOT NULL,
                    relates_to text, issued_at timestamptz NOT NULL DEFAULT now(), UNIQUE (series, year, sequence))
                """,
                "CREATE INDEX invoices_user ON invoices (user_id, issued_at DESC)",
                "CREATE INDEX invoices_payment ON invoices (payment_id)",
            ]),
        Migration(
            6, "fraud signals",
            [
                "ALTER TABLE payments ADD COLUMN client_address text, ADD COLUMN method_fingerprint text",
                "CREATE INDEX payments_recent ON payments (created_at)",
                """
                CREATE TABLE fraud_signals (
                    id uuid PRIMARY KEY, rule text NOT NULL, action text NOT NULL, user_id uuid NOT NULL,
                    booking_id uuid NOT NULL, client_address text, detail text NOT NULL,
                    created_at timestamptz NOT NULL DEFAULT now())
                """,
            ]),
        Migration(7, "cinema of a booking", ["ALTER TABLE bookings ADD COLUMN cinema_name text"]),
        Migration(
            8, "currencies",
            [
                """
                CREATE TABLE exchange_rates (
                    base char(3) NOT NULL, quote char(3) NOT NULL, rate_micros bigint NOT NULL CHECK (rate_micros > 0),
                    updated_at timestamptz NOT NULL DEFAULT now(), PRIMARY KEY (base, quote))
                """,
                """
                ALTER TABLE payments ADD COLUMN settlement_currency char(3), ADD COLUMN presentment_currency char(3),
                    ADD COLUMN presentment_amount integer
                """,
                "UPDATE payments SET settlement_currency = currency, presentment_currency = currency, presentment_amount = amount",
            ]),
        Migration(
            9, "personal data sealed",
            [
                "ALTER TABLE bookings ADD COLUMN user_email_sealed bytea",
                "ALTER TABLE bookings ALTER COLUMN user_email DROP NOT NULL",
                "ALTER TABLE invoices ADD COLUMN buyer_sealed bytea",
                "ALTER TABLE invoices ALTER COLUMN buyer_email DROP NOT NULL",
                "ALTER TABLE payments ADD COLUMN billing_sealed bytea",
            ]),
        Migration(10, "seats of a booking", ["ALTER TABLE bookings ADD COLUMN seat_ids uuid[]"]),
        Migration(
            11, "retention: idempotency keys and provider events by age",
            [
                "CREATE INDEX idempotency_keys_created ON idempotency_keys (created_at)",
                "CREATE INDEX provider_events_received ON provider_events (received_at)",
            ]),
        Migration(
            12, "seller of a booking",
            ["ALTER TABLE bookings ADD COLUMN seller jsonb", "ALTER TABLE invoices ADD COLUMN seller jsonb"]),
        // The payments of a booking, every status (its invoices, its cancellation quote).
        Migration(13, "payments by booking", ["CREATE INDEX payments_booking ON payments (booking_id)"]),
        // The steps of a payment as they happen (its timeline: attempt, 3-D Secure, webhooks, outcome).
        Migration(
            14, "payment events",
            [
                """
                CREATE TABLE payment_events (
                    id bigserial PRIMARY KEY, payment_id uuid NOT NULL REFERENCES payments(id),
                    at timestamptz NOT NULL DEFAULT now(), kind text NOT NULL, summary text NOT NULL,
                    details jsonb NOT NULL DEFAULT '{}')
                """,
                "CREATE INDEX payment_events_payment ON payment_events (payment_id, id)",
            ]),
        // The back office: fraud signals reviewed by staff, promo codes paused, reports by cinema.
        Migration(
            15, "staff review, paused promo codes, cinema of a booking",
            [
                """
                ALTER TABLE fraud_signals ADD COLUMN reviewed_at timestamptz, ADD COLUMN reviewed_by uuid,
                    ADD COLUMN decision text CHECK (decision IN ('legitimate', 'fraud')), ADD COLUMN note text
                """,
                "ALTER TABLE promo_codes ADD COLUMN paused_at timestamptz",
                "ALTER TABLE bookings ADD COLUMN cinema_id uuid",
                "CREATE INDEX bookings_film ON bookings (film_id)",
            ]),
        Migration(16, "promo codes for some cinemas", ["ALTER TABLE promo_codes ADD COLUMN cinema_ids uuid[]"]),
    ]
}
