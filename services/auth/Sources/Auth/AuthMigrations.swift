import Persistence

enum AuthMigrations {
    static let all = [
        Migration(
            1, "users and signing keys",
            [
                """
                CREATE TABLE users (
                    id uuid PRIMARY KEY,
                    email text NOT NULL,
                    password_hash text NOT NULL,
                    display_name text NOT NULL,
                    language text NOT NULL DEFAULT 'fr',
                    role text NOT NULL CHECK (role IN ('super_admin', 'admin', 'moderator', 'client')),
                    created_at timestamptz NOT NULL DEFAULT now())
                """,
                "CREATE UNIQUE INDEX users_email ON users (lower(email))",
                "CREATE INDEX users_created ON users (created_at, id)",
                """
                CREATE TABLE signing_keys (
                    kid text PRIMARY KEY,
                    sealed_private_key bytea NOT NULL,
                    public_x text NOT NULL,
                    created_at timestamptz NOT NULL DEFAULT now(),
                    retired_at timestamptz)
                """,
            ])
    ]
}
