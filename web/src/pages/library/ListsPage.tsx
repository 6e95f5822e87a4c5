import { FormEvent, useState } from "react";
import { catalogApi } from "../../api/catalog";
import { Link } from "../../app/Link";
import { useToast } from "../../app/toasts";
import { useAsync } from "../../app/useAsync";
import { ErrorMessage, problemLine } from "../../components/ErrorMessage";
import { useTitle } from "../../components/useTitle";
import { useI18n } from "../../i18n/i18n";

export default function ListsPage() {
  const { t } = useI18n();
  useTitle(t("lists.title"));
  const toast = useToast();
  const { data, error, reload } = useAsync(() => catalogApi.lists(), []);
  const [name, setName] = useState("");
  const create = async (e: FormEvent) => {
    e.preventDefault();
    if (!name.trim()) return;
    try {
      await catalogApi.createList(name.trim());
      setName("");
      reload();
    } catch (err) {
      toast(problemLine(err, t), "error");
    }
  };
  return (
    <div className="page narrow">
      <h1>{t("lists.title")}</h1>
      <form onSubmit={create} className="row" aria-label={t("lists.create")}>
        <label htmlFor="new-list" className="visually-hidden">{t("lists.name")}</label>
        <input id="new-list" value={name} onChange={(e) => setName(e.target.value)} placeholder={t("lists.name")} style={{ flex: 1 }} />
        <button type="submit" className="button">{t("lists.create")}</button>
      </form>
      {error ? <ErrorMessage error={error} onRetry={reload} /> : null}
      <ul className="plain-list">
        {data?.items.map((list) => (
          <li key={list.id}>
            <Link href={`/lists/${list.id}`}>{list.name}</Link>
            <span className="muted">{t("lists.count", { count: list.films.length })}{list.isPublic ? " · " + t("lists.public") : ""}</span>
          </li>
        ))}
      </ul>
      {data?.items.length === 0 && <p>{t("lists.empty")}</p>}
    </div>
  );
}
