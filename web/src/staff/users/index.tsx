import { FormEvent, useEffect, useState } from "react";
import { api } from "../../api/instance";
import { Link } from "../../app/Link";
import { navigate } from "../../app/navigation";
import { href } from "../../app/router";
import { useSession } from "../../app/session";
import { useToast } from "../../app/toasts";
import { useAsync } from "../../app/useAsync";
import { ErrorMessage } from "../../components/ErrorMessage";
import { isMissingEndpoint } from "../payments/api";
import type { SectionProps } from "../section";
import { StaffUser, usersApi } from "./api";
import { useUserT } from "./i18n";
import { allRoles, AnyRole, grantableRoles, tokenPermissions } from "./roles";

/** /staff/users?q=&role=: find accounts, change a role (only to what the signed-in role may grant), unlock, sessions. */
export default function UsersSection({ query }: SectionProps) {
  const { ut } = useUserT();
  const [q, setQ] = useState(query.q ?? "");
  const [role, setRole] = useState(query.role ?? "");
  useEffect(() => { setQ(query.q ?? ""); setRole(query.role ?? ""); }, [query.q, query.role]);
  const result = useAsync((signal) => usersApi.search(query.q ?? "", query.role ?? "", signal), [query.q, query.role]);
  const [open, setOpen] = useState<string | null>(null);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    navigate(href("/staff/users", { q: q.trim(), role }));
  };
  const shown = result.data?.items.slice(0, 100) ?? [];
  return (
    <>
      <h1>{ut("users.title")}</h1>
      <form className="filters stack" role="search" aria-label={ut("users.search")} onSubmit={submit}>
        <div className="staff-people-grid">
          <div className="field">
            <label htmlFor="users-q">{ut("users.q")}</label>
            <input id="users-q" type="search" value={q} onChange={(e) => setQ(e.target.value)} />
          </div>
          <div className="field">
            <label htmlFor="users-role">{ut("users.role")}</label>
            <select id="users-role" value={role} onChange={(e) => setRole(e.target.value)}>
              <option value="">{ut("users.anyRole")}</option>
              {allRoles.map((r) => <option key={r} value={r}>{ut(`role.${r}`)}</option>)}
            </select>
          </div>
        </div>
        <div><button type="submit" className="button">{ut("users.searchButton")}</button></div>
      </form>
      {result.error ? <ErrorMessage error={result.error} onRetry={result.reload} /> : null}
      {result.loading && !result.data ? <p className="muted" aria-busy="true">{ut("common.loading")}</p> : null}
      {result.data && (
        <p role="status" className="muted">
          {ut("users.count", { n: result.data.items.length })}
          {result.data.items.length > shown.length ? " " + ut("users.firstHundred") : ""}
          {!result.data.complete ? " " + ut("users.capped") : ""}
        </p>
      )}
      {shown.length > 0 && (
        <div className="table-wrap" aria-busy={result.loading}>
          <table className="pref-table staff-people-table">
            <caption className="visually-hidden">{ut("users.results")}</caption>
            <thead>
              <tr>
                <th scope="col">{ut("users.col.account")}</th><th scope="col">{ut("users.col.role")}</th>
                <th scope="col">{ut("users.col.created")}</th><th scope="col">{ut("users.col.actions")}</th>
              </tr>
            </thead>
            <tbody>
              {shown.map((u) => (
                <UserRow key={u.id} user={u} open={open === u.id} onToggle={() => setOpen(open === u.id ? null : u.id)}
                  onChanged={(next) => result.setData({ ...result.data!, items: result.data!.items.map((x) => (x.id === next.id ? next : x)) })} />
              ))}
            </tbody>
          </table>
        </div>
      )}
      {open && <Sessions user={shown.find((u) => u.id === open)} />}
    </>
  );
}

function UserRow({ user, open, onToggle, onChanged }: { user: StaffUser; open: boolean; onToggle: () => void; onChanged: (u: StaffUser) => void }) {
  const { ut, locale } = useUserT();
  const toast = useToast();
  const { user: me } = useSession();
  const grantable = grantableRoles(tokenPermissions(api.accessToken), user.role);
  const [role, setRole] = useState<AnyRole>(user.role);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  useEffect(() => setRole(user.role), [user.role]);
  const self = me?.id.toLowerCase() === user.id.toLowerCase();
  const changeRole = async () => {
    setError(null);
    setBusy(true);
    try {
      const next = await usersApi.setRole(user.id, role);
      toast(ut("users.roleChanged", { email: user.email, role: ut(`role.${next.role}`) }), "success");
      onChanged({ ...user, ...next });
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  const unlock = async () => {
    setError(null);
    try {
      await usersApi.unlock(user.id);
      toast(ut("users.unlocked", { email: user.email }), "success");
    } catch (e) {
      setError(e);
    }
  };
  const locked = user.lockedUntil && Date.parse(user.lockedUntil) > Date.now();
  return (
    <tr data-user-id={user.id}>
      <th scope="row">
        <span className="staff-people-name">{user.displayName}</span>
        <span className="muted staff-people-email">{user.email}</span>
        {locked && <span className="tag">{ut("users.locked")}</span>}
        {error ? <ErrorMessage error={error} /> : null}
      </th>
      <td>
        {grantable.length > 0 && !self ? (
          <span className="staff-people-actions">
            <label className="visually-hidden" htmlFor={`role-${user.id}`}>{ut("users.roleOf", { email: user.email })}</label>
            <select id={`role-${user.id}`} value={role} onChange={(e) => setRole(e.target.value as AnyRole)}>
              {!grantable.includes(user.role) && <option value={user.role} disabled>{ut(`role.${user.role}`)}</option>}
              {grantable.map((r) => <option key={r} value={r}>{ut(`role.${r}`)}</option>)}
            </select>
            <button type="button" className="button small" disabled={busy || role === user.role} onClick={changeRole}
              aria-label={ut("users.changeRole", { email: user.email })}>{ut("users.changeRoleShort")}</button>
          </span>
        ) : (
          <span title={self ? ut("users.self") : ut("users.notYours")}>{ut(`role.${user.role}`)}</span>
        )}
      </td>
      <td>{new Date(user.createdAt).toLocaleDateString(locale)}</td>
      <td>
        <span className="staff-people-actions">
          <button type="button" className="button small secondary" onClick={unlock} aria-label={ut("users.unlock", { email: user.email })}>{ut("users.unlockShort")}</button>
          <button type="button" className="button small secondary" aria-expanded={open} onClick={onToggle}
            aria-label={ut("users.sessionsOf", { email: user.email })}>{ut("users.sessionsShort")}</button>
          <Link className="button small secondary" href={href("/staff/payments", { user: user.id })}
            aria-label={ut("users.paymentsOf", { email: user.email })}>{ut("users.paymentsShort")}</Link>
        </span>
      </td>
    </tr>
  );
}

function Sessions({ user }: { user?: StaffUser }) {
  const { ut, locale } = useUserT();
  const toast = useToast();
  const sessions = useAsync(async (signal) => {
    if (!user) return null;
    try {
      return await usersApi.sessions(user.id, signal);
    } catch (e) {
      if (isMissingEndpoint(e)) return "missing" as const;
      throw e;
    }
  }, [user?.id]);
  const [error, setError] = useState<unknown>(null);
  if (!user) return null;
  const revoke = async () => {
    setError(null);
    try {
      await usersApi.revokeSessions(user.id);
      toast(ut("users.revoked", { email: user.email }), "success");
      sessions.reload();
    } catch (e) {
      setError(e);
    }
  };
  return (
    <section className="section card stack" aria-labelledby="sessions-heading">
      <h2 id="sessions-heading">{ut("users.sessionsOf", { email: user.email })}</h2>
      {sessions.error ? <ErrorMessage error={sessions.error} onRetry={sessions.reload} /> : null}
      {error ? <ErrorMessage error={error} /> : null}
      {sessions.loading && <p className="muted" aria-busy="true">{ut("common.loading")}</p>}
      {sessions.data === "missing" && <p role="status">{ut("users.noSessionsApi")}</p>}
      {sessions.data && sessions.data !== "missing" && (
        <>
          {sessions.data.items.length === 0 ? <p>{ut("users.noSession")}</p> : (
            <div className="table-wrap">
              <table className="pref-table">
                <thead><tr><th scope="col">{ut("users.device")}</th><th scope="col">{ut("users.address")}</th><th scope="col">{ut("users.lastUse")}</th><th scope="col">{ut("users.expires")}</th></tr></thead>
                <tbody>
                  {sessions.data.items.map((s) => (
                    <tr key={s.id}>
                      <th scope="row">{s.userAgent ?? "?"}</th><td>{s.clientAddress ?? ""}</td>
                      <td>{new Date(s.lastUsedAt).toLocaleString(locale)}</td><td>{new Date(s.expiresAt).toLocaleString(locale)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
          {sessions.data.items.length > 0 && <div><button type="button" className="button small danger" onClick={revoke}>{ut("users.revokeAll")}</button></div>}
        </>
      )}
    </section>
  );
}
