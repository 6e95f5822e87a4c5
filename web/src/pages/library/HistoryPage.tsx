import { catalogApi } from "../../api/catalog";
import { Link } from "../../app/Link";
import { useToast } from "../../app/toasts";
import { useAsync } from "../../app/useAsync";
import { ErrorMessage, problemLine } from "../../components/ErrorMessage";
import { useTitle } from "../../components/useTitle";
import { useI18n } from "../../i18n/i18n";
import { formatDateTime } from "../../lib/dates";

export default function HistoryPage() {
  const { t, locale } = useI18n();
  useTitle(t("history.title"));
  const toast = useToast();
  const { data, error, reload } = useAsync(() => catalogApi.history(), []);
  const remove = async (id: string) => {
    try {
      await catalogApi.deleteHistory(id);
      reload();
    } catch (e) {
      toast(problemLine(e, t), "error");
    }
  };
  return (
    <div className="page narrow">
      <h1>{t("history.title")}</h1>
      {error ? <ErrorMessage error={error} onRetry={reload} /> : null}
      {data?.items.length === 0 && <p>{t("history.empty")}</p>}
      <ul className="plain-list">
        {data?.items.map((e) => (
          <li key={e.id}>
            <span><Link href={`/films/${e.filmId}`}>{e.title}</Link><br /><small className="muted">{formatDateTime(e.watchedAt, locale)}</small></span>
            <button type="button" className="button small secondary" onClick={() => remove(e.id)} aria-label={t("history.removeOf", { title: e.title })}>{t("history.remove")}</button>
          </li>
        ))}
      </ul>
    </div>
  );
}
