import { ApiProblem, NetworkError } from "../api/problem";
import { MessageKey, useI18n } from "../i18n/i18n";

/** An API problem (title, detail, field errors), a network failure or a bug, said plainly. */
export function ErrorMessage({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  const { t } = useI18n();
  const { title, detail, fields } = describe(error, t);
  return (
    <div className="problem" role="alert">
      <h2 className="problem-title">{title}</h2>
      {detail && <p>{detail}</p>}
      {fields.length > 0 && (
        <ul>
          {fields.map((f) => (
            <li key={f.field}>
              <strong>{f.field}</strong>: {f.message}
            </li>
          ))}
        </ul>
      )}
      {onRetry && (
        <button type="button" className="button" onClick={onRetry}>
          {t("error.retry")}
        </button>
      )}
    </div>
  );
}

export function describe(error: unknown, t: (key: MessageKey) => string) {
  if (error instanceof ApiProblem) {
    const known = problemText(error.code, t);
    return { title: known?.title ?? error.title, detail: known?.detail ?? error.detail, fields: error.errors };
  }
  if (error instanceof NetworkError) return { title: t("error.network"), detail: t("error.networkDetail"), fields: [] };
  return { title: t("error.unexpected"), detail: error instanceof Error ? error.message : undefined, fields: [] };
}

/** Words of our own for problems a moviegoer meets often; the API's detail otherwise. */
function problemText(code: string | undefined, t: (key: MessageKey) => string) {
  switch (code) {
    case "orphan-seat":
      return { title: t("problem.orphan.title"), detail: t("problem.orphan.detail") };
    case "seat-unavailable":
      return { title: t("problem.seatUnavailable.title"), detail: t("problem.seatUnavailable.detail") };
    case "login-locked":
      return { title: t("problem.locked.title"), detail: t("problem.locked.detail") };
    default:
      return null;
  }
}

/** One line for a toast. */
export function problemLine(error: unknown, t: (key: MessageKey) => string): string {
  const { title, detail } = describe(error, t);
  return detail ? `${title}: ${detail}` : title;
}
