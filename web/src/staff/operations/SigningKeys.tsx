import { useEffect, useRef, useState } from "react";
import { api } from "../../api/instance";
import { useSession } from "../../app/session";
import { useToast } from "../../app/toasts";
import { useAsync } from "../../app/useAsync";
import { ErrorMessage } from "../../components/ErrorMessage";
import { Confirm } from "../Confirm";
import { tokenPermissions } from "../users/roles";
import { keysApi } from "./api";
import { useKeysT } from "./i18n";
import { afterWithdrawal, isForbidden, isRefused, KeyStatus, nextChange, orderKeys, SigningKey, visibleKeys, withRetry } from "./keys";

const statuses: KeyStatus[] = ["pending", "active", "verifying", "expired", "retired"];

/** The signing keys panel of /staff/operations: shown to super admins only (keys:manage); nothing for other staff. */
export function SigningKeys() {
  const { user } = useSession();
  const may = user?.role === "super_admin" || tokenPermissions(api.accessToken).includes("keys:manage");
  return may ? <KeysPanel /> : null;
}

function KeysPanel() {
  const { kt, locale } = useKeysT();
  const toast = useToast();
  const list = useAsync(async (signal) => {
    try {
      return orderKeys((await keysApi.list(signal)).items);
    } catch (e) {
      if (isForbidden(e)) return "forbidden" as const;
      throw e;
    }
  }, []);
  const [all, setAll] = useState(false);
  const [pending, setPending] = useState<SigningKey | null>(null);
  const [busy, setBusy] = useState(false);
  const [rotating, setRotating] = useState(false);
  const [actionError, setActionError] = useState<unknown>(null);
  const [notice, setNotice] = useState<{ kid: string; signing: string; refused: boolean } | null>(null);
  const noticeRef = useRef<HTMLParagraphElement>(null);
  const alive = useRef(true);
  useEffect(() => () => { alive.current = false; }, []);

  const keys = Array.isArray(list.data) ? list.data : [];
  // A pending key starts signing on its own: look again just after, so that the statuses stay true.
  useEffect(() => {
    const wait = nextChange(keys, Date.now());
    if (wait === null) return;
    const timer = window.setTimeout(list.reload, wait);
    return () => window.clearTimeout(timer);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [list.data]);
  // After a withdrawal the row's button is gone: focus goes to what happened (once, not on a later update).
  useEffect(() => {
    if (notice) noticeRef.current?.focus();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [notice?.kid]);

  if (list.data === "forbidden") return null;
  const when = (iso?: string | null) =>
    iso ? new Intl.DateTimeFormat(locale, { dateStyle: "short", timeStyle: "medium" }).format(new Date(iso)) : "";
  const stamp = (iso?: string | null) => (iso ? <time dateTime={iso}>{when(iso)}</time> : <span aria-hidden="true">—</span>);

  const rotate = async () => {
    setRotating(true);
    setActionError(null);
    try {
      const key = await keysApi.rotate();
      const already = keys.some((k) => k.kid === key.kid);
      toast(kt(already ? "keys.alreadyPending" : "keys.rotated", { kid: key.kid, at: when(key.activatesAt) }), "success");
      list.setData(orderKeys([key, ...keys.filter((k) => k.kid !== key.kid)]));
    } catch (e) {
      setActionError(e);
    } finally {
      setRotating(false);
    }
  };

  const withdraw = async () => {
    if (!pending) return;
    setBusy(true);
    setActionError(null);
    try {
      const result = await keysApi.withdraw(pending.kid);
      setPending(null);
      list.setData(afterWithdrawal(keys, result));
      const said = { kid: result.withdrawn.kid, signing: result.signing.kid };
      toast(kt("keys.withdrawn", said), "success");
      setNotice({ ...said, refused: false });
      // The list again, from auth: our own token may be refused now (it was signed by the withdrawn
      // key) and, for up to 10 s, the new key's token too, until every verifier knows the new key.
      withRetry(() => keysApi.list(), { attempts: 5, delayMs: 2500 }).then(
        (page) => alive.current && list.setData(orderKeys(page.items)),
        (e: unknown) => alive.current && (isRefused(e) ? setNotice({ ...said, refused: true }) : setActionError(e)),
      );
    } catch (e) {
      setActionError(e);
      setPending(null);
    } finally {
      setBusy(false);
    }
  };

  const shown = visibleKeys(keys, all);
  return (
    <section className="section card stack" aria-labelledby="keys-heading" data-testid="signing-keys">
      <h2 id="keys-heading">{kt("keys.title")}</h2>
      <p className="muted">{kt("keys.intro")}</p>
      <div className="stack">
        <button type="button" className="button" onClick={rotate} disabled={rotating} aria-describedby="keys-rotate-help">
          {kt("keys.rotate")}
        </button>
        <p id="keys-rotate-help" className="hint">{kt("keys.rotateHelp")}</p>
      </div>
      {notice && (
        <p ref={noticeRef} tabIndex={-1} className="alert-note keys-notice">
          {kt("keys.withdrawn", { kid: notice.kid, signing: notice.signing })} {kt(notice.refused ? "keys.refused" : "keys.signInAgain")}
        </p>
      )}
      {list.error ? <ErrorMessage error={list.error} onRetry={list.reload} /> : null}
      {actionError ? <ErrorMessage error={actionError} /> : null}
      {list.loading && !list.data ? <p className="muted" aria-busy="true">{kt("keys.loading")}</p> : null}
      {list.data && keys.length === 0 ? <p>{kt("keys.none")}</p> : null}
      {shown.length > 0 && (
        <div className="table-wrap">
          <table className="pref-table keys-table" aria-busy={list.loading}>
            <caption>{kt("keys.caption")}</caption>
            <thead>
              <tr>
                <th scope="col">{kt("keys.col.kid")}</th><th scope="col">{kt("keys.col.status")}</th>
                <th scope="col">{kt("keys.col.created")}</th><th scope="col">{kt("keys.col.activates")}</th>
                <th scope="col">{kt("keys.col.superseded")}</th><th scope="col">{kt("keys.col.actions")}</th>
              </tr>
            </thead>
            <tbody>
              {shown.map((k) => (
                <tr key={k.kid} data-kid={k.kid} data-status={k.status}>
                  <th scope="row" data-label={kt("keys.col.kid")}><code className="keys-kid">{k.kid}</code></th>
                  <td data-label={kt("keys.col.status")}><span className={`tag key-${k.status}`}>{kt(`keys.status.${k.status}`)}</span></td>
                  <td data-label={kt("keys.col.created")}>{stamp(k.createdAt)}</td>
                  <td data-label={kt("keys.col.activates")}>{stamp(k.activatesAt)}</td>
                  <td data-label={kt("keys.col.superseded")}>{stamp(k.supersededAt)}</td>
                  <td className="keys-actions">
                    {k.status !== "retired" && (
                      <button type="button" className="button small danger" onClick={() => setPending(k)}
                        aria-label={kt("keys.withdraw", { kid: k.kid })}>{kt("keys.withdrawShort")}</button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {shown.length < keys.length || all ? (
        <div>
          <button type="button" className="button small secondary" aria-expanded={all} onClick={() => setAll(!all)}>
            {all ? kt("keys.showRecent") : kt("keys.showAll", { n: keys.length })}
          </button>
        </div>
      ) : null}
      <details>
        <summary>{kt("keys.legend")}</summary>
        <dl className="staff-people-dl">
          {statuses.map((s) => (
            <div key={s} style={{ display: "contents" }}>
              <dt>{kt(`keys.status.${s}`)}</dt><dd>{kt(`keys.legend.${s}`)}</dd>
            </div>
          ))}
        </dl>
      </details>
      {pending && (
        <Confirm message={kt("keys.confirmTitle", { kid: pending.kid })} confirmLabel={kt("keys.confirmButton")}
          onConfirm={withdraw} onCancel={() => setPending(null)} busy={busy}>
          <p>{kt("keys.confirmRefused")}</p>
          <p>{kt("keys.confirmSigner")}</p>
          {pending.status === "active" && <p><strong>{kt("keys.isActive")}</strong></p>}
          {pending.status === "pending" && <p>{kt("keys.isPending", { at: when(pending.activatesAt) })}</p>}
          <p>{kt("keys.confirmSessions")}</p>
        </Confirm>
      )}
    </section>
  );
}
