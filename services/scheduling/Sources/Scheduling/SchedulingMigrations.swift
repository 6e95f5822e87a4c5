import Persistence

enum SchedulingMigrations {
    static let all = [
        Migration(
            1, "cinemas, screenings, bookings",
            [
                """
                CREATE TABLE films (
                    id uuid PRIMARY KEY, title text NOT NULL, runtime_minutes integer NOT NULL,
                    updated_at timestamptz NOT NULL DEFAULT now())
                """,
                """
                CREATE TABLE cinemas (
                    id uuid PRIMARY KEY, name text NOT NULL UNIQUE, city text NOT NULL,
                    timezone text NOT NULL DEFAULT 'Europe/Paris', created_at timestamptz NOT NULL DEFAULT now())
                """,
                """
                CREATE TABLE auditoriums (
                    id uuid PRIMARY KEY, cinema_id uuid NOT NULL REFERENCES cinemas(id), name text NOT NULL,
                    created_at timestamptz NOT NULL DEFAULT now(), UNIQUE (cinema_id, name))
                """,
                """
                CREATE TABLE seats (
                    id uuid PRIMARY KEY, auditorium_id uuid NOT NULL REFERENCES auditoriums(id),
                    row_label text NOT NULL, number integer NOT NULL, row_index integer NOT NULL,
                    column_index integer NOT NULL,
                    kind text NOT NULL CHECK (kind IN ('standard', 'premium', 'wheelchair', 'companion', 'blocked')),
                    UNIQUE (auditorium_id, row_label, number))
                """,
                """
                CREATE TABLE screenings (
                    id uuid PRIMARY KEY, film_id uuid NOT NULL REFERENCES films(id),
                    auditorium_id uuid NOT NULL REFERENCES auditoriums(id),
                    starts_at timestamptz NOT NULL, ends_at timestamptz NOT NULL,
                    price_amount integer NOT NULL CHECK (price_amount >= 0), currency char(3) NOT NULL,
                    format text NOT NULL DEFAULT '2D', version text NOT NULL DEFAULT 'VF',
                    status text NOT NULL DEFAULT 'scheduled' CHECK (status IN ('scheduled', 'cancelled')),
                    created_at timestamptz NOT NULL DEFAULT now(),
                    CHECK (ends_at > starts_at),
                    CONSTRAINT screenings_no_overlap EXCLUDE USING gist (
                        auditorium_id WITH =, tstzrange(starts_at, ends_at) WITH &&) WHERE (status = 'scheduled'))
                """,
                "CREATE INDEX screenings_starts ON screenings (starts_at, id)",
                """
                CREATE TABLE bookings (
                    id uuid PRIMARY KEY, screening_id uuid NOT NULL REFERENCES screenings(id),
                    user_id uuid NOT NULL, user_email text NOT NULL,
                    status text NOT NULL CHECK (status IN ('held', 'confirmed', 'expired', 'cancelled')),
                    amount integer NOT NULL, currency char(3) NOT NULL, expires_at timestamptz NOT NULL,
                    payment_id uuid, cancel_reason text,
                    created_at timestamptz NOT NULL DEFAULT now(), confirmed_at timestamptz)
                """,
                "CREATE INDEX bookings_user ON bookings (user_id, created_at DESC)",
                "CREATE INDEX bookings_held_expiry ON bookings (expires_at) WHERE status = 'held'",
                """
                CREATE TABLE booking_seats (
                    booking_id uuid NOT NULL REFERENCES bookings(id), screening_id uuid NOT NULL,
                    seat_id uuid NOT NULL REFERENCES seats(id), price integer NOT NULL, live boolean NOT NULL,
                    PRIMARY KEY (booking_id, seat_id))
                """,
                // The last guard against double sale: one live (held or sold) row per seat and screening.
                "CREATE UNIQUE INDEX booking_seats_live ON booking_seats (screening_id, seat_id) WHERE live",
                """
                CREATE TABLE tickets (
                    id uuid PRIMARY KEY, booking_id uuid NOT NULL REFERENCES bookings(id),
                    seat_id uuid NOT NULL REFERENCES seats(id), code text NOT NULL UNIQUE,
                    signature text NOT NULL, created_at timestamptz NOT NULL DEFAULT now(),
                    UNIQUE (booking_id, seat_id))
                """,
            ]),
        Migration(
            2, "hold extension",
            ["ALTER TABLE bookings ADD COLUMN extended boolean NOT NULL DEFAULT false"]),
        Migration(
            3, "occupancy alerts",
            ["ALTER TABLE screenings ADD COLUMN occupancy_alerted_at timestamptz"]),
        Migration(
            4, "price cards",
            [
                """
                CREATE TABLE price_cards (
                    id uuid PRIMARY KEY, cinema_id uuid NOT NULL REFERENCES cinemas(id), name text NOT NULL,
                    rules jsonb NOT NULL, created_at timestamptz NOT NULL DEFAULT now(), UNIQUE (cinema_id, name))
                """,
                "ALTER TABLE screenings ADD COLUMN price_card_id uuid REFERENCES price_cards(id)",
                "ALTER TABLE booking_seats ADD COLUMN audience text NOT NULL DEFAULT 'adult'",
            ]),
        Migration(
            5, "screening languages",
            [
                "ALTER TABLE screenings ADD COLUMN audio_language text NOT NULL DEFAULT 'fr'",
                "ALTER TABLE screenings ADD COLUMN subtitle_language text",
            ]),
        Migration(
            6, "cinema currency", ["ALTER TABLE cinemas ADD COLUMN currency char(3) NOT NULL DEFAULT 'EUR'"]),
        Migration(7, "cancelled tickets", ["ALTER TABLE tickets ADD COLUMN cancelled_at timestamptz"]),
        Migration(
            8, "occupancy steps", ["ALTER TABLE screenings ADD COLUMN occupancy_step integer NOT NULL DEFAULT 0"]),
        Migration(9, "cinema legal entity", ["ALTER TABLE cinemas ADD COLUMN legal_entity jsonb"]),
        Migration(
            10, "price card edits and retirement",
            [
                "ALTER TABLE price_cards ADD COLUMN updated_at timestamptz NOT NULL DEFAULT now()",
                "ALTER TABLE price_cards ADD COLUMN retired_at timestamptz",
                "ALTER TABLE price_cards ADD COLUMN retired_by uuid",
                // A retired card's name may be given to a new card.
                "ALTER TABLE price_cards DROP CONSTRAINT price_cards_cinema_id_name_key",
                "CREATE UNIQUE INDEX price_cards_live_name ON price_cards (cinema_id, name) WHERE retired_at IS NULL",
            ]),
        Migration(11, "screening places announced to replicas", [ScreeningPlace.backfill]),
        // The fill-rate step of a screening in a row of its own (OccupancyChanges): locking it does
        // not block holds, which share-lock the screening's row. `screenings.occupancy_step` stays,
        // unused, for replicas of the previous version during a rolling update.
        Migration(
            12, "screening occupancy row",
            [
                """
                CREATE TABLE screening_occupancy (
                    screening_id uuid PRIMARY KEY REFERENCES screenings(id), step integer NOT NULL DEFAULT 0)
                """,
                """
                INSERT INTO screening_occupancy (screening_id, step)
                SELECT id, occupancy_step FROM screenings WHERE occupancy_step <> 0
                """,
            ]),
    ]
}
