import { FormEvent, useEffect, useState } from "react";
import { Link } from "../../app/Link";
import { useAsync } from "../../app/useAsync";
import { useToast } from "../../app/toasts";
import { ApiProblem } from "../../api/problem";
import { ErrorMessage } from "../../components/ErrorMessage";
import { Confirm } from "../Confirm";
import { TemplateDetail, templatesApi, TemplateText } from "./api";
import { CodeArea } from "./CodeArea";
import { useTemplatesT } from "./i18n";
import { channels, locales, PartError, partErrors } from "./model";

const PREVIEW_DELAY_MS = 400;

/** A kind × channel: the French and the English template side by side, each with its editor, live
 * preview and version history. */
export function TemplateEditorPage({ kind, channel }: { kind: string; channel: string }) {
  const { tt } = useTemplatesT();
  const channelName = (channels as readonly string[]).includes(channel) ? tt(`tpl.channel.${channel as (typeof channels)[number]}`) : channel;
  return (
    <>
      <p><Link href="/staff/templates">← {tt("tpl.back")}</Link></p>
      <h1 className="tpl-heading">{tt("tpl.editorTitle", { kind, channel: channelName })}</h1>
      {locales.map((locale) => <LocaleEditor key={locale} kind={kind} channel={channel} locale={locale} />)}
    </>
  );
}

const textOf = (detail: TemplateDetail): TemplateText => {
  const v = detail.versions[0];
  return { subject: v?.subject ?? "", body: v?.body ?? "", html: v?.html ?? (detail.channel === "email" ? "" : undefined) };
};

const same = (a: TemplateText, b: TemplateText) => a.subject === b.subject && a.body === b.body && (a.html ?? "") === (b.html ?? "");

function LocaleEditor({ kind, channel, locale }: { kind: string; channel: string; locale: string }) {
  const { tt, locale: uiLocale } = useTemplatesT();
  const toast = useToast();
  const { data: detail, error, reload } = useAsync((signal) => templatesApi.get(kind, channel, locale, signal), [kind, channel, locale]);
  const [draft, setDraft] = useState<TemplateText | null>(null);
  const [errors, setErrors] = useState<PartError[]>([]);
  const [preview, setPreview] = useState<TemplateText | null>(null);
  const [previewError, setPreviewError] = useState<unknown>(null);
  const [previewing, setPreviewing] = useState(false);
  const [saveError, setSaveError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const [rollbackTo, setRollbackTo] = useState<number | null>(null);
  const email = channel === "email";
  const localeName = locale === "fr" || locale === "en" ? tt(`tpl.locale.${locale}`) : locale;

  useEffect(() => {
    if (detail) setDraft(textOf(detail));
  }, [detail]);

  // Live preview: the draft, debounced, rendered by the service with its sample data.
  useEffect(() => {
    if (!draft) return;
    const controller = new AbortController();
    const timer = setTimeout(async () => {
      setPreviewing(true);
      try {
        const body: TemplateText = email ? draft : { subject: draft.subject, body: draft.body };
        const rendered = await templatesApi.preview(kind, channel, locale, body, controller.signal);
        setPreview(rendered);
        setErrors([]);
        setPreviewError(null);
      } catch (e) {
        if (controller.signal.aborted) return;
        if (e instanceof ApiProblem && e.status === 422) setErrors(partErrors(e.errors));
        else setPreviewError(e);
      } finally {
        if (!controller.signal.aborted) setPreviewing(false);
      }
    }, PREVIEW_DELAY_MS);
    return () => {
      clearTimeout(timer);
      controller.abort();
    };
  }, [draft, kind, channel, locale, email]);

  if (error) {
    if (error instanceof ApiProblem && error.status === 404) return <p className="card section">{tt("tpl.missing", { locale })}</p>;
    return <ErrorMessage error={error} onRetry={reload} />;
  }
  if (!detail || !draft) return <p className="muted" aria-busy="true">…</p>;

  const current = textOf(detail);
  const changed = !same(draft, current);
  const errorsOf = (field: string) => errors.filter((e) => e.field === field);
  const otherErrors = errors.filter((e) => !["subject", "body", "html"].includes(e.field) || (e.field === "html" && !email));
  const lineText = (e: PartError) => (e.line !== undefined ? tt("tpl.lineError", { line: e.line, message: e.message }) : e.message);
  const partName = (field: string) => tt(field === "html" ? "tpl.html" : field === "body" ? "tpl.body" : "tpl.subject", { locale });
  const idBase = `tpl-${locale}`;

  const save = async (e: FormEvent) => {
    e.preventDefault();
    if (!changed) {
      toast(tt("tpl.unchanged"), "info");
      return;
    }
    setBusy(true);
    setSaveError(null);
    try {
      const saved = await templatesApi.save(kind, channel, locale, email ? draft : { subject: draft.subject, body: draft.body });
      toast(tt("tpl.saved", { version: saved.version, locale }), "success");
      reload();
    } catch (err) {
      if (err instanceof ApiProblem && err.status === 422) setErrors(partErrors(err.errors));
      else setSaveError(err);
    } finally {
      setBusy(false);
    }
  };

  const rollback = async () => {
    if (rollbackTo === null) return;
    setBusy(true);
    setSaveError(null);
    try {
      const now = await templatesApi.rollback(kind, channel, locale, rollbackTo);
      toast(tt("tpl.rolledBack", { version: rollbackTo, now: now.version }), "success");
      setRollbackTo(null);
      reload();
    } catch (err) {
      setSaveError(err);
      setRollbackTo(null);
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="card stack section" aria-labelledby={`${idBase}-title`} lang={locale}>
      <h2 id={`${idBase}-title`}>{localeName}</h2>
      <p className="muted tpl-vars">{tt("tpl.variables", { list: detail.variables.map((v) => `{{${v}}}`).join(" ") })}</p>
      <div className="tpl-grid">
        <form onSubmit={save} aria-label={tt("tpl.save", { locale })}>
          {channel !== "sms" && (
            <div className="field">
              <label htmlFor={`${idBase}-subject`}>{partName("subject")}</label>
              <input id={`${idBase}-subject`} value={draft.subject} spellCheck={false}
                aria-invalid={errorsOf("subject").length ? true : undefined}
                aria-describedby={errorsOf("subject").length ? `${idBase}-subject-errors` : undefined}
                onChange={(e) => setDraft({ ...draft, subject: e.target.value })} />
              {errorsOf("subject").length > 0 && (
                <ul id={`${idBase}-subject-errors`} className="tpl-errors" role="alert">
                  {errorsOf("subject").map((er, i) => <li key={i} className="field-error" data-line={er.line}>{lineText(er)}</li>)}
                </ul>
              )}
            </div>
          )}
          <CodeArea id={`${idBase}-body`} label={partName("body")} value={draft.body} rows={email ? 10 : 4}
            onChange={(body) => setDraft({ ...draft, body })} errors={errorsOf("body")} lineText={lineText}
            goText={(line) => tt("tpl.goToLine", { line, part: partName("body") })} />
          {email && (
            <CodeArea id={`${idBase}-html`} label={partName("html")} value={draft.html ?? ""} rows={10}
              onChange={(html) => setDraft({ ...draft, html })} errors={errorsOf("html")} lineText={lineText}
              goText={(line) => tt("tpl.goToLine", { line, part: partName("html") })} />
          )}
          {otherErrors.length > 0 && (
            <ul className="tpl-errors" role="alert">
              {otherErrors.map((er, i) => <li key={i} className="field-error"><strong>{er.field}</strong>: {lineText(er)}</li>)}
            </ul>
          )}
          {saveError ? <ErrorMessage error={saveError} /> : null}
          <div className="tpl-actions">
            <button type="submit" className="button" disabled={busy || !changed || errors.length > 0}>{tt("tpl.save", { locale })}</button>
            {changed && (
              <button type="button" className="button secondary" onClick={() => { setDraft(current); setErrors([]); }}>
                {tt("tpl.reset")}
              </button>
            )}
          </div>
        </form>
        <div className="tpl-preview" aria-labelledby={`${idBase}-preview-title`} role="region" aria-busy={previewing}>
          <h3 id={`${idBase}-preview-title`}>{tt("tpl.preview", { locale })}</h3>
          <p className="muted" aria-live="polite">{previewing ? tt("tpl.previewing") : errors.length > 0 ? tt("tpl.previewStale") : ""}</p>
          {previewError ? <ErrorMessage error={previewError} /> : null}
          {preview && (
            <>
              {channel !== "sms" && <p className="tpl-preview-subject" data-testid={`preview-subject-${locale}`}>{tt("tpl.previewSubject", { subject: preview.subject })}</p>}
              {email && preview.html ? (
                <iframe className="tpl-frame" sandbox="" srcDoc={preview.html} title={tt("tpl.previewFrame", { locale })} />
              ) : null}
              {email && <h4 className="tpl-subhead">{tt("tpl.textVersion")}</h4>}
              <pre className="tpl-pre" data-testid={`preview-body-${locale}`}>{preview.body}</pre>
            </>
          )}
        </div>
      </div>
      <h3 id={`${idBase}-history`}>{tt("tpl.history", { locale })}</h3>
      <div className="table-wrap">
        <table className="pref-table tpl-history" aria-labelledby={`${idBase}-history`}>
          <thead>
            <tr>
              <th scope="col">{tt("tpl.hVersion")}</th>
              <th scope="col">{tt("tpl.hSubject")}</th>
              <th scope="col">{tt("tpl.hAuthor")}</th>
              <th scope="col">{tt("tpl.hDate")}</th>
              <th scope="col">{tt("tpl.hAction")}</th>
            </tr>
          </thead>
          <tbody>
            {detail.versions.map((v, i) => (
              <tr key={v.version}>
                <td>v{v.version}</td>
                <td>
                  <details>
                    <summary>{v.subject || "—"}</summary>
                    <pre className="tpl-pre">{v.body}</pre>
                  </details>
                </td>
                <td>{v.author}</td>
                <td>{new Date(v.createdAt).toLocaleString(uiLocale, { dateStyle: "short", timeStyle: "short" })}</td>
                <td>
                  {i === 0 ? (
                    <span className="tag">{tt("tpl.current")}</span>
                  ) : (
                    <button type="button" className="button small secondary" disabled={busy}
                      aria-label={tt("tpl.rollback", { version: v.version }) + ` (${locale})`} onClick={() => setRollbackTo(v.version)}>
                      {tt("tpl.rollbackShort")}
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {rollbackTo !== null && (
        <Confirm message={tt("tpl.confirmRollback", { version: rollbackTo })} busy={busy}
          onConfirm={rollback} onCancel={() => setRollbackTo(null)} />
      )}
    </section>
  );
}
