import { FormEvent, useState } from "react";
import { useSession } from "../../app/session";
import { useAsync } from "../../app/useAsync";
import { useToast } from "../../app/toasts";
import { ErrorMessage } from "../../components/ErrorMessage";
import { Confirm } from "../Confirm";
import type { SectionProps } from "../section";
import { alertsApi, missingRoute, RuleInput } from "./api";
import { AlertKey, useAlertT } from "./i18n";
import { AlertRule, Channel, channels, checkRule, Kind, kinds, parseRecipients, RuleProblem, usesThreshold, usesWindow } from "./rules";

/** /staff/alerts: the alert rules (create, edit, pause, delete) and the alerts that fired. */
export default function AlertsSection(_props: SectionProps) {
  const { at, locale } = useAlertT();
  const toast = useToast();
  const rules = useAsync(() => alertsApi.rules(), []);
  const fired = useAsync(() => alertsApi.fired(), []);
  const [editing, setEditing] = useState<string | null>(null);
  const [deleting, setDeleting] = useState<AlertRule | null>(null);
  const [actionError, setActionError] = useState<unknown>(null);
  const [unavailable, setUnavailable] = useState(false);
  const when = (iso?: string) => (iso ? new Intl.DateTimeFormat(locale, { dateStyle: "medium", timeStyle: "short" }).format(new Date(iso)) : at("never"));
  const condition = (r: AlertRule) =>
    r.kind === "occupancy" ? at("cond.occupancy", { n: r.threshold ?? 0 })
    : r.kind === "refunds" ? at("cond.refunds", { n: Math.max(r.threshold ?? 0, 1), m: r.windowMinutes ?? 60 })
    : r.kind === "fraud" ? at("cond.fraud", { m: r.windowMinutes ?? 60 })
    : at("cond.parked");
  const remove = async () => {
    if (!deleting) return;
    setActionError(null);
    try {
      await alertsApi.remove(deleting.id);
      toast(at("deleted"), "success");
      rules.reload();
    } catch (e) {
      setActionError(e);
    } finally {
      setDeleting(null);
    }
  };
  const pause = async (r: AlertRule) => {
    setActionError(null);
    try {
      await alertsApi.update(r.id, { enabled: r.enabled === false });
      toast(at(r.enabled === false ? "resumed" : "paused"), "success");
      rules.reload();
    } catch (e) {
      if (missingRoute(e)) setUnavailable(true);
      else setActionError(e);
    }
  };
  return (
    <>
      <h1>{at("title")}</h1>
      <p className="muted">{at("intro")}</p>
      <section className="card stack section" aria-labelledby="alert-rules-title" aria-busy={rules.loading}>
        <h2 id="alert-rules-title">{at("rules")}</h2>
        {rules.error ? <ErrorMessage error={rules.error} onRetry={rules.reload} /> : null}
        {actionError ? <ErrorMessage error={actionError} /> : null}
        {unavailable && <p role="status" className="alert-note">{at("editUnavailable")}</p>}
        {rules.data && rules.data.items.length === 0 && <p>{at("none")}</p>}
        <ul className="plain-list alert-rules" aria-label={at("rules")}>
          {(rules.data?.items ?? []).map((r) => (
            <li key={r.id} data-rule-id={r.id}>
              <div className="alert-rule">
                <h3>{r.name} {r.enabled === false && <span className="tag">{at("state.off")}</span>}</h3>
                <dl className="alert-facts">
                  <div><dt>{at("kind")}</dt><dd>{at(`kind.${r.kind}` as AlertKey)}</dd></div>
                  <div><dt>{at("condition")}</dt><dd>{condition(r)}</dd></div>
                  <div><dt>{at("recipients")}</dt><dd>{r.recipients.join(", ")}</dd></div>
                  <div><dt>{at("channels")}</dt><dd>{r.channels.map((c) => at(`channel.${c}` as AlertKey)).join(", ")}</dd></div>
                  <div><dt>{at("lastFired")}</dt><dd>{when(r.lastFiredAt)}</dd></div>
                </dl>
                {editing === r.id ? (
                  <RuleForm rule={r} onDone={(ok, missing) => {
                    if (missing) setUnavailable(true);
                    if (ok) { setEditing(null); toast(at("saved"), "success"); rules.reload(); }
                    if (ok === false && !missing) setEditing(null);
                  }} />
                ) : (
                  <div className="alert-actions">
                    <button type="button" className="button small" aria-label={at("edit", { name: r.name })} onClick={() => { setUnavailable(false); setEditing(r.id); }}>
                      {at("edit", { name: "" }).trim()}
                    </button>
                    <button type="button" className="button small secondary" aria-label={at(r.enabled === false ? "resume" : "pause", { name: r.name })} onClick={() => pause(r)}>
                      {at(r.enabled === false ? "resume" : "pause", { name: "" }).trim()}
                    </button>
                    <button type="button" className="button small danger" aria-label={at("delete", { name: r.name })} onClick={() => setDeleting(r)}>
                      {at("delete", { name: "" }).trim()}
                    </button>
                  </div>
                )}
              </div>
            </li>
          ))}
        </ul>
      </section>
      <section className="card stack section" aria-labelledby="alert-new-title">
        <h2 id="alert-new-title">{at("new")}</h2>
        <RuleForm onDone={(ok) => { if (ok) { toast(at("created"), "success"); rules.reload(); } }} />
      </section>
      <section className="card stack section" aria-labelledby="alert-fired-title" aria-busy={fired.loading}>
        <div className="section-head">
          <h2 id="alert-fired-title">{at("fired")}</h2>
          <button type="button" className="button small secondary" onClick={fired.reload}>{at("refresh")}</button>
        </div>
        <p className="muted">{at("firedHint")}</p>
        {fired.error ? <ErrorMessage error={fired.error} onRetry={fired.reload} /> : null}
        {fired.data && !fired.data.complete && <p className="muted">{at("firedPartial", { n: fired.data.scanned })}</p>}
        {fired.data && fired.data.items.length === 0 && <p>{at("firedNone")}</p>}
        {fired.data && fired.data.items.length > 0 && (
          <div className="table-wrap">
            <table className="pref-table" aria-label={at("fired")}>
              <thead><tr>
                <th scope="col">{at("at")}</th><th scope="col">{at("kind")}</th><th scope="col">{at("subject")}</th>
                <th scope="col">{at("recipient")}</th><th scope="col">{at("channel")}</th><th scope="col">{at("status")}</th>
              </tr></thead>
              <tbody>
                {fired.data.items.map((d) => (
                  <tr key={d.id}>
                    <th scope="row">{when(d.createdAt)}</th>
                    <td>{kinds.includes(d.alertKind as Kind) ? at(`kind.${d.alertKind}` as AlertKey) : d.alertKind}</td>
                    <td>{d.subject}</td>
                    <td className="alert-recipient">{d.recipient}</td>
                    <td>{channels.includes(d.channel as Channel) ? at(`channel.${d.channel}` as AlertKey) : d.channel}</td>
                    <td>{d.status}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
      {deleting && <Confirm message={at("confirmDelete", { name: deleting.name })} onConfirm={remove} onCancel={() => setDeleting(null)} />}
    </>
  );
}

/** Creates a rule, or edits `rule`. `onDone(saved, missingRoute)`. */
function RuleForm({ rule, onDone }: { rule?: AlertRule; onDone: (saved: boolean, missing?: boolean) => void }) {
  const { at } = useAlertT();
  const { user } = useSession();
  const prefix = rule ? `rule-${rule.id}` : "rule-new";
  const [name, setName] = useState(rule?.name ?? "");
  const [kind, setKind] = useState<Kind>(rule?.kind ?? "occupancy");
  const [threshold, setThreshold] = useState(String(rule?.threshold ?? 90));
  const [windowMinutes, setWindowMinutes] = useState(String(rule?.windowMinutes ?? 60));
  const [recipients, setRecipients] = useState((rule?.recipients ?? []).join("\n"));
  const [chosen, setChosen] = useState<Channel[]>((rule?.channels.filter((c) => c !== "push") as Channel[]) ?? ["email"]);
  const [enabled, setEnabled] = useState(rule?.enabled !== false);
  const [problems, setProblems] = useState<RuleProblem[]>([]);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const say = (p: RuleProblem) =>
    p.field === "name" ? at("bad.name")
    : p.field === "channels" ? at("bad.channels")
    : p.kind === "count" ? at("bad.recipients")
    : p.kind === "invalid" ? at("bad.recipient", { r: p.recipient })
    : at("bad.channelFor", { r: p.recipient, channel: at(`channel.${p.channel}` as AlertKey) });
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const list = parseRecipients(recipients);
    const found = checkRule(name, list, chosen);
    setProblems(found);
    setError(null);
    if (found.length) return;
    const body: RuleInput = {
      name: name.trim(), kind, recipients: list, channels: chosen, enabled,
      ...(usesThreshold(kind) ? { threshold: Number(threshold) || 0 } : {}),
      ...(usesWindow(kind) ? { windowMinutes: Number(windowMinutes) || 60 } : {}),
    };
    setBusy(true);
    try {
      if (rule) {
        const { kind: _kind, ...change } = body;
        await alertsApi.update(rule.id, change);
      } else {
        await alertsApi.create(body);
        setName("");
        setRecipients("");
      }
      onDone(true);
    } catch (err) {
      if (rule && missingRoute(err)) onDone(false, true);
      else setError(err);
    } finally {
      setBusy(false);
    }
  };
  const of = (field: RuleProblem["field"]) => problems.filter((p) => p.field === field);
  const errorText = (field: RuleProblem["field"]) => of(field).map(say).join(" ");
  return (
    <form onSubmit={submit} className="stack" aria-label={rule ? at("editTitle", { name: rule.name }) : at("new")} noValidate>
      <div className="alert-fields">
        <div className="field">
          <label htmlFor={`${prefix}-name`}>{at("name")}</label>
          <input id={`${prefix}-name`} value={name} onChange={(e) => setName(e.target.value)} required maxLength={200}
            aria-invalid={of("name").length > 0 || undefined} aria-describedby={of("name").length ? `${prefix}-name-error` : undefined} />
          {of("name").length > 0 && <small id={`${prefix}-name-error`} className="field-error" role="alert">{at("bad.name")}</small>}
        </div>
        <div className="field">
          <label htmlFor={`${prefix}-kind`}>{at("kind")}</label>
          <select id={`${prefix}-kind`} value={kind} onChange={(e) => setKind(e.target.value as Kind)} disabled={Boolean(rule)} aria-describedby={`${prefix}-kind-hint`}>
            {kinds.map((k) => <option key={k} value={k}>{at(`kind.${k}` as AlertKey)}</option>)}
          </select>
          <small id={`${prefix}-kind-hint`} className="hint">{at(`kindHint.${kind}` as AlertKey)}</small>
        </div>
        {usesThreshold(kind) && (
          <div className="field">
            <label htmlFor={`${prefix}-threshold`}>{at(kind === "occupancy" ? "threshold.occupancy" : "threshold.refunds")}</label>
            <input id={`${prefix}-threshold`} type="number" min={kind === "occupancy" ? 1 : 1} max={kind === "occupancy" ? 100 : 100000}
              value={threshold} onChange={(e) => setThreshold(e.target.value)} required />
          </div>
        )}
        {usesWindow(kind) && (
          <div className="field">
            <label htmlFor={`${prefix}-window`}>{at("window")}</label>
            <input id={`${prefix}-window`} type="number" min={1} max={10080} value={windowMinutes} onChange={(e) => setWindowMinutes(e.target.value)} required />
          </div>
        )}
      </div>
      <div className="field">
        <label htmlFor={`${prefix}-recipients`}>{at("recipients")}</label>
        <textarea id={`${prefix}-recipients`} rows={3} value={recipients} onChange={(e) => setRecipients(e.target.value)}
          aria-describedby={`${prefix}-recipients-hint${of("recipients").length ? ` ${prefix}-recipients-error` : ""}`}
          aria-invalid={of("recipients").length > 0 || undefined} />
        <small id={`${prefix}-recipients-hint`} className="hint">{at("recipientsHint")}</small>
        {of("recipients").length > 0 && <small id={`${prefix}-recipients-error`} className="field-error" role="alert">{errorText("recipients")}</small>}
        {user && (
          <button type="button" className="button small secondary" style={{ alignSelf: "flex-start" }}
            onClick={() => { setRecipients((r) => (r.trim() ? r.trim() + "\n" : "") + user.id); if (!chosen.includes("inapp")) setChosen([...chosen, "inapp"]); }}>
            {at("addMe")}
          </button>
        )}
      </div>
      <fieldset aria-describedby={of("channels").length ? `${prefix}-channels-error` : undefined}>
        <legend>{at("channels")}</legend>
        <div className="alert-channels">
          {channels.map((c) => (
            <label key={c} className="dash-check">
              <input type="checkbox" checked={chosen.includes(c)} onChange={(e) => setChosen(e.target.checked ? [...chosen, c] : chosen.filter((x) => x !== c))} />
              {at(`channel.${c}` as AlertKey)}
            </label>
          ))}
        </div>
        {of("channels").length > 0 && <small id={`${prefix}-channels-error`} className="field-error" role="alert">{errorText("channels")}</small>}
      </fieldset>
      <label className="dash-check">
        <input type="checkbox" checked={enabled} onChange={(e) => setEnabled(e.target.checked)} />
        {at("enabled")}
      </label>
      {error ? <ErrorMessage error={error} /> : null}
      <div className="alert-actions">
        <button type="submit" className="button" disabled={busy}>{rule ? at("saveEdit") : at("create")}</button>
        {rule && <button type="button" className="button secondary" onClick={() => onDone(false)}>{at("cancel")}</button>}
      </div>
    </form>
  );
}
