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
            ]),
        Migration(
            2, "sessions and refresh tokens",
            [
                """
                CREATE TABLE sessions (
                    id uuid PRIMARY KEY, user_id uuid NOT NULL REFERENCES users(id),
                    created_at timestamptz NOT NULL DEFAULT now(), last_used_at timestamptz NOT NULL DEFAULT now(),
                    idle_expires_at timestamptz NOT NULL, absolute_expires_at timestamptz NOT NULL,
                    revoked_at timestamptz, revoked_reason text, user_agent text, client_address text)
                """,
                "CREATE INDEX sessions_active ON sessions (user_id) WHERE revoked_at IS NULL",
                // Only the SHA-256 of a refresh token is stored; a rotated token stays, to detect reuse.
                """
                CREATE TABLE refresh_tokens (
                    token_hash bytea PRIMARY KEY, session_id uuid NOT NULL REFERENCES sessions(id),
                    created_at timestamptz NOT NULL DEFAULT now(), rotated_at timestamptz)
                """,
                "CREATE INDEX refresh_tokens_session ON refresh_tokens (session_id)",
            ]),
        Migration(
            3, "login throttling",
            [
                """
                CREATE TABLE login_throttle (
                    key text PRIMARY KEY, failures integer NOT NULL, window_start timestamptz NOT NULL,
                    locked_until timestamptz)
                """
            ]),
        Migration(
            4, "password reset tokens",
            [
                """
                CREATE TABLE password_reset_tokens (
                    token_hash bytea PRIMARY KEY, user_id uuid NOT NULL REFERENCES users(id),
                    created_at timestamptz NOT NULL DEFAULT now(), expires_at timestamptz NOT NULL,
                    used_at timestamptz)
                """,
                "CREATE INDEX password_reset_tokens_user ON password_reset_tokens (user_id)",
            ]),
        Migration(
            5, "e-mail verification",
            [
                "ALTER TABLE users ADD COLUMN email_verified_at timestamptz",
                """
                CREATE TABLE email_verification_tokens (
                    token_hash bytea PRIMARY KEY, user_id uuid NOT NULL REFERENCES users(id),
                    expires_at timestamptz NOT NULL, used_at timestamptz)
                """,
            ]),
        Migration(
            6, "signing key rotation",
            [
                // A key is published from created_at and signs from activates_at; existing keys sign now.
                "ALTER TABLE signing_keys ADD COLUMN activates_at timestamptz NOT NULL DEFAULT now()",
                "UPDATE signing_keys SET activates_at = created_at",
            ]),
        Migration(
            7, "login throttling per account and client",
            [
                // The account (lower-cased e-mail) a row is about, so that an unlock clears its
                // account, pair and device rows. An address is never locked any more: its rows
                // (and their locks) go; the counting starts again, for slowing down only.
                "ALTER TABLE login_throttle ADD COLUMN account text",
                "UPDATE login_throttle SET account = substr(key, 9) WHERE key LIKE 'account:%'",
                "DELETE FROM login_throttle WHERE key LIKE 'address:%'",
                "CREATE INDEX login_throttle_account ON login_throttle (account) WHERE account IS NOT NULL",
            ]),
        Migration(
            8, "staff dashboards",
            [
                """
                CREATE TABLE dashboards (
                    user_id uuid PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE, layout jsonb NOT NULL,
                    updated_at timestamptz NOT NULL DEFAULT now())
                """
            ]),
    ]
}
