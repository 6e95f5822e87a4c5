import { useEffect } from "react";
import { notificationsApi } from "../../api/notifications";
import { Link } from "../../app/Link";
import { onFeedItem } from "../../app/unread";
import { useAsync } from "../../app/useAsync";
import { ErrorMessage } from "../../components/ErrorMessage";
import { useTitle } from "../../components/useTitle";
import { useI18n } from "../../i18n/i18n";
import { formatDateTime } from "../../lib/dates";

/** The in-app feed, live (new items arrive through the stream the header keeps open). */
export default function FeedPage() {
  const { t, locale } = useI18n();
  useTitle(t("feed.title"));
  const { data, error, reload, setData } = useAsync(() => notificationsApi.feed(), []);
  useEffect(() => onFeedItem((item) => data && setData({ ...data, items: [item, ...data.items], unreadCount: data.unreadCount + 1 })), [data, setData]);
  const read = async (id: string) => {
    await notificationsApi.read(id).catch(() => undefined);
    reload();
  };
  const readAll = async () => {
    await notificationsApi.readAll().catch(() => undefined);
    reload();
  };
  return (
    <div className="page narrow">
      <div className="section-head">
        <h1>{t("feed.title")}</h1>
        <button type="button" className="button small secondary" onClick={readAll} disabled={!data?.unreadCount}>{t("feed.readAll")}</button>
      </div>
      {error ? <ErrorMessage error={error} onRetry={reload} /> : null}
      {data && data.items.length === 0 && <p>{t("feed.empty")}</p>}
      <ul className="plain-list" aria-live="polite">
        {data?.items.map((item) => (
          <li key={item.id} className={item.readAt ? "" : "unread"}>
            <div>
              <p style={{ margin: 0 }}>{item.link ? <Link href={item.link}>{item.title}</Link> : item.title}</p>
              <p className="muted" style={{ margin: 0, fontWeight: 400 }}>{item.body}</p>
              <small className="muted">{formatDateTime(item.createdAt, locale)}</small>
            </div>
            {!item.readAt && (
              <button type="button" className="button small secondary" onClick={() => read(item.id)} aria-label={t("feed.markReadOf", { title: item.title })}>
                {t("feed.markRead")}
              </button>
            )}
          </li>
        ))}
      </ul>
    </div>
  );
}
