import { useState } from "react";
import { catalogApi } from "../../api/catalog";
import type { FilmList } from "../../api/types";
import { Link } from "../../app/Link";
import { navigate } from "../../app/navigation";
import type { PageProps } from "../../app/routes";
import { useSession } from "../../app/session";
import { useToast } from "../../app/toasts";
import { useAsync } from "../../app/useAsync";
import { ErrorMessage, problemLine } from "../../components/ErrorMessage";
import { PageSkeleton } from "../../components/Skeleton";
import { useTitle } from "../../components/useTitle";
import { useI18n } from "../../i18n/i18n";
import { moveItem } from "./moveItem";

/** A list: its films in order; its owner renames, reorders, removes, shares or deletes it. */
export default function ListPage({ params, query }: PageProps) {
  const { t } = useI18n();
  const { user } = useSession();
  const { data, error, reload, setData } = useAsync(() => catalogApi.list(params.id, query.share), [params.id, query.share]);
  useTitle(data?.name);
  if (error) return <div className="page"><ErrorMessage error={error} onRetry={reload} /></div>;
  if (!data) return <PageSkeleton />;
  const mine = user !== null && !query.share;
  return (
    <div className="page narrow">
      {mine ? <ListHeader list={data} onChange={setData} /> : <h1>{data.name}</h1>}
      {data.films.length === 0 && <p>{t("lists.noFilms")} <Link href="/films">{t("nav.films")}</Link></p>}
      <ol className="plain-list">
        {data.films.map((film, i) => (
          <li key={film.id}>
            <Link href={`/films/${film.id}`}>{film.title}</Link>
            {mine && <ReorderButtons list={data} index={i} onChange={setData} />}
          </li>
        ))}
      </ol>
    </div>
  );
}

function ListHeader({ list, onChange }: { list: FilmList; onChange: (l: FilmList) => void }) {
  const { t } = useI18n();
  const toast = useToast();
  const [name, setName] = useState(list.name);
  const run = async (action: () => Promise<FilmList | void>) => {
    try {
      const result = await action();
      if (result) onChange(result);
    } catch (e) {
      toast(problemLine(e, t), "error");
    }
  };
  const shareUrl = list.shareToken ? `${window.location.origin}/lists/${list.id}?share=${encodeURIComponent(list.shareToken)}` : `${window.location.origin}/lists/${list.id}`;
  const copy = async () => {
    await navigator.clipboard?.writeText(shareUrl).catch(() => undefined);
    toast(t("lists.copied"), "success");
  };
  return (
    <div className="stack">
      <h1>{list.name}</h1>
      <form className="row" onSubmit={(e) => { e.preventDefault(); void run(() => catalogApi.updateList(list.id, { name })); }}>
        <label htmlFor="list-name">{t("lists.rename")}</label>
        <input id="list-name" value={name} onChange={(e) => setName(e.target.value)} />
        <button type="submit" className="button small">{t("lists.save")}</button>
      </form>
      <label className="check">
        <input type="checkbox" checked={list.isPublic} onChange={(e) => void run(() => catalogApi.updateList(list.id, { isPublic: e.target.checked }))} />
        {t("lists.makePublic")}
      </label>
      <div className="field">
        <label htmlFor="share-url">{t("lists.shareLink")}</label>
        <div className="row">
          <input id="share-url" readOnly value={shareUrl} style={{ flex: 1, minWidth: 0 }} />
          <button type="button" className="button small secondary" onClick={copy}>{t("lists.copy")}</button>
          <button type="button" className="button small secondary" onClick={() => void run(() => catalogApi.updateList(list.id, { renewShareToken: true }))}>{t("lists.renew")}</button>
        </div>
      </div>
      <button type="button" className="button small danger" onClick={() => void run(async () => { await catalogApi.deleteList(list.id); navigate("/lists"); })}>
        {t("lists.delete")}
      </button>
    </div>
  );
}

function ReorderButtons({ list, index, onChange }: { list: FilmList; index: number; onChange: (l: FilmList) => void }) {
  const { t } = useI18n();
  const toast = useToast();
  const film = list.films[index];
  const save = async (ids: string[]) => {
    try {
      onChange(await catalogApi.setListFilms(list.id, ids));
    } catch (e) {
      toast(problemLine(e, t), "error");
    }
  };
  const ids = list.films.map((f) => f.id);
  return (
    <span className="row">
      <button type="button" className="button small secondary" disabled={index === 0} onClick={() => save(moveItem(ids, index, index - 1))} aria-label={t("lists.up", { title: film.title })}>↑</button>
      <button type="button" className="button small secondary" disabled={index === ids.length - 1} onClick={() => save(moveItem(ids, index, index + 1))} aria-label={t("lists.down", { title: film.title })}>↓</button>
      <button type="button" className="button small danger" onClick={() => save(ids.filter((id) => id !== film.id))} aria-label={t("lists.remove", { title: film.title })}>×</button>
    </span>
  );
}
