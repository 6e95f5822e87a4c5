import Persistence

enum CatalogMigrations {
    static let all = [
        Migration(
            1, "films and viewing history",
            [
                """
                CREATE TABLE films (
                    id uuid PRIMARY KEY,
                    title text NOT NULL,
                    original_title text,
                    synopsis text NOT NULL DEFAULT '',
                    runtime_minutes integer NOT NULL CHECK (runtime_minutes BETWEEN 1 AND 600),
                    release_date date,
                    genres text[] NOT NULL DEFAULT '{}',
                    poster_path text,
                    status text NOT NULL DEFAULT 'published' CHECK (status IN ('published', 'archived')),
                    created_at timestamptz NOT NULL DEFAULT now(),
                    updated_at timestamptz NOT NULL DEFAULT now())
                """,
                "CREATE INDEX films_title ON films (lower(title), id)",
                """
                CREATE TABLE viewing_history (
                    booking_id uuid PRIMARY KEY,
                    user_id uuid NOT NULL,
                    film_id uuid NOT NULL,
                    screening_starts_at timestamptz NOT NULL,
                    recorded_at timestamptz NOT NULL DEFAULT now())
                """,
                "CREATE INDEX viewing_history_user ON viewing_history (user_id, screening_starts_at DESC)",
            ])
    ]
}
