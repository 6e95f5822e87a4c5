import Foundation
import PostgresNIO
import ServiceRuntime

/// How long auth keeps what it no longer needs (`RetentionJob` deletes it):
///
/// - `retention.sessions.days` (30): sessions (with their refresh tokens, rotated ones included)
///   that ended that long ago, by revocation, idle time or absolute lifetime. An ended session can
///   never be refreshed again; the delay keeps it in view for investigating an incident.
/// - `retention.tokens.days` (7): password-reset and e-mail-verification tokens used or expired
///   that long ago.
/// - `retention.login.throttle.days` (1): login-throttling counters whose window and lock are
///   over (a counter restarts at its next failure anyway).
enum AuthRetention {
    /// When a session ended (for ever): revoked, idle too long, or at its absolute lifetime.
    static let sessionEnd = "least(coalesce(s.revoked_at, 'infinity'), s.idle_expires_at, s.absolute_expires_at)"

    static func rules(throttleWindow: TimeInterval) -> [RetentionRule] {
        [
            // Tokens first (a session's can be thousands: one per refresh), in bounded batches; then
            // the sessions left without tokens.
            RetentionRule(name: "refresh_tokens", configKey: "retention.sessions.days", defaultDays: 30) {
                days, limit in
                """
                WITH gone AS (
                    DELETE FROM refresh_tokens WHERE ctid = ANY(ARRAY(
                        SELECT r.ctid FROM refresh_tokens r JOIN sessions s ON s.id = r.session_id
                        WHERE \(unescaped: sessionEnd) < now() - make_interval(days => \(days)::int)
                        LIMIT \(limit)))
                    RETURNING 1)
                SELECT count(*)::int FROM gone
                """
            },
            RetentionRule(name: "sessions", configKey: "retention.sessions.days", defaultDays: 30) { days, limit in
                """
                WITH gone AS (
                    DELETE FROM sessions WHERE ctid = ANY(ARRAY(
                        SELECT s.ctid FROM sessions s
                        WHERE \(unescaped: sessionEnd) < now() - make_interval(days => \(days)::int)
                          AND NOT EXISTS (SELECT 1 FROM refresh_tokens r WHERE r.session_id = s.id)
                        LIMIT \(limit)))
                    RETURNING 1)
                SELECT count(*)::int FROM gone
                """
            },
            .rows(
                of: "password_reset_tokens", endedAt: "least(coalesce(used_at, 'infinity'), expires_at)",
                configKey: "retention.tokens.days", defaultDays: 7),
            .rows(
                of: "email_verification_tokens", endedAt: "least(coalesce(used_at, 'infinity'), expires_at)",
                configKey: "retention.tokens.days", defaultDays: 7),
            .rows(
                of: "login_throttle",
                endedAt:
                    "greatest(window_start + make_interval(secs => \(Int(throttleWindow))), coalesce(locked_until, '-infinity'))",
                configKey: "retention.login.throttle.days", defaultDays: 1),
        ]
    }
}
