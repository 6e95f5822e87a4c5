import { FormEvent, useEffect, useState } from "react";
import { Link } from "../../app/Link";
import { navigate } from "../../app/navigation";
import type { Query } from "../../app/router";
import { href } from "../../app/router";
import { useAsync } from "../../app/useAsync";
import { ErrorMessage } from "../../components/ErrorMessage";
import { formatMoney } from "../../lib/money";
import { usersApi } from "../users/api";
import { hasQueryParam, paymentsApi, paymentStatuses, StaffPayment } from "./api";
import { usePayT } from "./i18n";
import { dayBound } from "./timeline";

const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The search of everyone's payments; its filters and keyset cursor live in the URL (a reload or a shared link keeps the page). */
export function PaymentsSearch({ query }: { query: Query }) {
  const { pt, locale } = usePayT();
  const [status, setStatus] = useState(query.status ?? "");
  const [from, setFrom] = useState(query.from ?? "");
  const [to, setTo] = useState(query.to ?? "");
  const [user, setUser] = useState(query.user ?? "");
  const [film, setFilm] = useState(query.film ?? "");
  useEffect(() => {
    setStatus(query.status ?? ""); setFrom(query.from ?? ""); setTo(query.to ?? ""); setUser(query.user ?? ""); setFilm(query.film ?? "");
  }, [query.status, query.from, query.to, query.user, query.film]);
  const filmFilter = useAsync(() => hasQueryParam("payments", "/payments", "filmId"), []);
  const result = useAsync(async (signal) => {
    let userId: string | undefined;
    const who = (query.user ?? "").trim();
    if (who && uuid.test(who)) userId = who;
    else if (who) {
      // An e-mail or a name: the account's id first (GET /payments filters by userId only).
      const found = await usersApi.search(who, "", signal);
      if (found.items.length !== 1) return { page: { items: [] as StaffPayment[], nextCursor: null }, who: found.items.length };
      userId = found.items[0].id;
    }
    const page = await paymentsApi.search({
      status: query.status || undefined, from: dayBound(query.from, false), to: dayBound(query.to, true), userId,
      filmId: query.film && uuid.test(query.film) ? query.film : undefined, cursor: query.cursor || undefined,
    }, signal);
    return { page, who: 1 };
  }, [query.status, query.from, query.to, query.user, query.film, query.cursor]);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    navigate(href("/staff/payments", { status, from, to, user: user.trim(), film: film.trim() }));
  };
  const base = { status: query.status, from: query.from, to: query.to, user: query.user, film: query.film };
  const data = result.data;
  return (
    <>
      <h1>{pt("pay.title")}</h1>
      <form className="filters stack" role="search" aria-label={pt("pay.search")} onSubmit={submit}>
        <div className="staff-people-grid">
          <div className="field">
            <label htmlFor="pay-status">{pt("pay.status")}</label>
            <select id="pay-status" value={status} onChange={(e) => setStatus(e.target.value)}>
              <option value="">{pt("pay.status.any")}</option>
              {paymentStatuses.map((s) => <option key={s} value={s}>{pt(`pay.status.${s}`)}</option>)}
            </select>
          </div>
          <div className="field">
            <label htmlFor="pay-from">{pt("pay.from")}</label>
            <input id="pay-from" type="date" value={from} onChange={(e) => setFrom(e.target.value)} />
          </div>
          <div className="field">
            <label htmlFor="pay-to">{pt("pay.to")}</label>
            <input id="pay-to" type="date" value={to} onChange={(e) => setTo(e.target.value)} />
          </div>
          <div className="field">
            <label htmlFor="pay-user">{pt("pay.user")}</label>
            <input id="pay-user" value={user} onChange={(e) => setUser(e.target.value)} aria-describedby="pay-user-hint" />
            <small id="pay-user-hint" className="hint">{pt("pay.userHint")}</small>
          </div>
          <div className="field">
            <label htmlFor="pay-film">{pt("pay.film")}</label>
            <input id="pay-film" value={film} onChange={(e) => setFilm(e.target.value)} disabled={filmFilter.data !== true}
              aria-describedby="pay-film-hint" />
            <small id="pay-film-hint" className="hint">{filmFilter.data === true ? pt("pay.filmHint") : pt("pay.filmMissing")}</small>
          </div>
        </div>
        <div><button type="submit" className="button">{pt("pay.searchButton")}</button></div>
      </form>
      {result.error ? <ErrorMessage error={result.error} onRetry={result.reload} /> : null}
      {result.loading && !data ? <p className="muted" aria-busy="true">{pt("common.loading")}</p> : null}
      {data && data.who !== 1 ? <p role="status">{data.who === 0 ? pt("pay.noSuchUser") : pt("pay.manyUsers", { n: data.who })}</p> : null}
      {data && data.who === 1 && data.page.items.length === 0 ? <p role="status">{pt("pay.none")}</p> : null}
      {data && data.page.items.length > 0 && (
        <div className="table-wrap section" aria-busy={result.loading}>
          <table className="pref-table staff-people-table">
            <caption className="visually-hidden">{pt("pay.results")}</caption>
            <thead>
              <tr>
                <th scope="col">{pt("pay.col.payment")}</th><th scope="col">{pt("pay.col.date")}</th><th scope="col">{pt("pay.col.amount")}</th>
                <th scope="col">{pt("pay.col.status")}</th><th scope="col">{pt("pay.col.user")}</th>
              </tr>
            </thead>
            <tbody>
              {data.page.items.map((p) => (
                <tr key={p.id} data-payment-id={p.id}>
                  <th scope="row"><Link href={`/staff/payments/${p.id}`} aria-label={pt("pay.open", { id: p.id.slice(0, 8).toLowerCase() })}>{p.id.slice(0, 8).toLowerCase()}</Link></th>
                  <td>{new Date(p.createdAt).toLocaleString(locale)}</td>
                  <td>{formatMoney(p.amount, p.currency, locale)}{p.promoCode ? <span className="muted"> · {p.promoCode}</span> : null}</td>
                  <td><span className="tag">{pt(`pay.status.${p.status}`)}</span></td>
                  <td><Link href={href("/staff/payments", { user: p.userId })} aria-label={pt("pay.byUser", { id: p.userId.slice(0, 8).toLowerCase() })}>{p.userId.slice(0, 8).toLowerCase()}</Link></td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <nav aria-label={pt("pay.pages")} className="staff-people-actions">
        {query.cursor ? <Link className="button secondary small" href={href("/staff/payments", base)}>{pt("pay.first")}</Link> : null}
        {data?.page.nextCursor ? <Link className="button secondary small" href={href("/staff/payments", { ...base, cursor: data.page.nextCursor })}>{pt("pay.next")}</Link> : null}
      </nav>
    </>
  );
}
