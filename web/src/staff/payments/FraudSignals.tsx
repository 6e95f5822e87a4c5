import { useState } from "react";
import { Link } from "../../app/Link";
import { href } from "../../app/router";
import { useToast } from "../../app/toasts";
import { useAsync } from "../../app/useAsync";
import { ErrorMessage } from "../../components/ErrorMessage";
import { FraudSignal, hasOperation, paymentsApi } from "./api";
import { usePayT } from "./i18n";

/** What the fraud rules flagged, newest first, to review; the review action only once the API has it. */
export function FraudSignals() {
  const { pt, locale } = usePayT();
  const toast = useToast();
  const [cursor, setCursor] = useState<string | undefined>(undefined);
  const signals = useAsync((signal) => paymentsApi.fraudSignals(cursor, signal), [cursor]);
  const canReview = useAsync(() => hasOperation("payments", "/fraud-signals/{id}/review", "post"), []);
  const [error, setError] = useState<unknown>(null);
  const review = async (s: FraudSignal, decision: "legitimate" | "fraud") => {
    setError(null);
    try {
      await paymentsApi.reviewSignal(s.id, decision);
      toast(pt("fraud.reviewed"), "success");
      signals.reload();
    } catch (e) {
      setError(e);
    }
  };
  return (
    <section className="section card stack" aria-labelledby="fraud-heading">
      <h2 id="fraud-heading">{pt("fraud.title")}</h2>
      {canReview.data === false && <p className="hint">{pt("fraud.noReview")}</p>}
      {signals.error ? <ErrorMessage error={signals.error} onRetry={signals.reload} /> : null}
      {error ? <ErrorMessage error={error} /> : null}
      {signals.data && signals.data.items.length === 0 ? <p>{pt("fraud.none")}</p> : null}
      {signals.data && signals.data.items.length > 0 && (
        <div className="table-wrap">
          <table className="pref-table staff-people-table">
            <caption className="visually-hidden">{pt("fraud.title")}</caption>
            <thead>
              <tr>
                <th scope="col">{pt("fraud.rule")}</th><th scope="col">{pt("pay.col.date")}</th><th scope="col">{pt("fraud.action")}</th>
                <th scope="col">{pt("fraud.detail")}</th><th scope="col">{pt("pay.col.user")}</th>
                {canReview.data && <th scope="col">{pt("fraud.review")}</th>}
              </tr>
            </thead>
            <tbody>
              {signals.data.items.map((s) => (
                <tr key={s.id}>
                  <th scope="row">{s.rule}</th>
                  <td>{new Date(s.createdAt).toLocaleString(locale)}</td>
                  <td><span className="tag">{s.action}</span></td>
                  <td>{s.detail} <span className="muted">({s.clientAddress})</span></td>
                  <td><Link href={href("/staff/payments", { user: s.userId })} aria-label={pt("pay.byUser", { id: s.userId.slice(0, 8).toLowerCase() })}>{s.userId.slice(0, 8).toLowerCase()}</Link></td>
                  {canReview.data && (
                    <td>
                      {s.reviewedAt ? <span className="tag">{s.decision}</span> : (
                        <span className="staff-people-actions">
                          <button type="button" className="button small secondary" onClick={() => review(s, "legitimate")}
                            aria-label={pt("fraud.legit", { rule: s.rule })}>{pt("fraud.legitShort")}</button>
                          <button type="button" className="button small danger" onClick={() => review(s, "fraud")}
                            aria-label={pt("fraud.confirmFraud", { rule: s.rule })}>{pt("fraud.fraudShort")}</button>
                        </span>
                      )}
                    </td>
                  )}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <div className="staff-people-actions">
        {cursor && <button type="button" className="button small secondary" onClick={() => setCursor(undefined)}>{pt("pay.first")}</button>}
        {signals.data?.nextCursor && <button type="button" className="button small secondary" onClick={() => setCursor(signals.data?.nextCursor ?? undefined)}>{pt("pay.next")}</button>}
      </div>
    </section>
  );
}
