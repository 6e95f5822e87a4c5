import { FormEvent, useState } from "react";
import { Link } from "../../app/Link";
import { navigate } from "../../app/navigation";
import { useAsync } from "../../app/useAsync";
import { useToast } from "../../app/toasts";
import { ErrorMessage } from "../../components/ErrorMessage";
import { staffApi, TmdbHit } from "../api";
import { useCatalogT } from "../categories/i18n";
import { useStaffT } from "../i18n";
import { BulkResync } from "./BulkResync";

type Status = "draft" | "published" | "archived";

/** Films by status with a search, and the TMDB import (search, then import: two clicks). */
export function FilmsPage() {
  const { st } = useStaffT();
  const { ct } = useCatalogT();
  const [status, setStatus] = useState<Status>("draft");
  const [q, setQ] = useState("");
  const { data, error, loading, reload } = useAsync(
    (signal) => staffApi.films({ status: status === "published" ? undefined : status, q: q.trim() || undefined }, signal),
    [status, q],
  );
  return (
    <>
      <h1>{st("films.title")}</h1>
      <p><Link href="/staff/films/categories" className="button secondary small">{ct("cat.link")}</Link></p>
      <TmdbImport />
      <BulkResync />
      <section className="card stack section" aria-labelledby="films-list">
        <h2 id="films-list" className="visually-hidden">{st("films.title")}</h2>
        <div className="filters" style={{ display: "flex", flexWrap: "wrap", gap: "1rem" }}>
          <div className="field">
            <label htmlFor="film-status">{st("films.status")}</label>
            <select id="film-status" value={status} onChange={(e) => setStatus(e.target.value as Status)}>
              {(["draft", "published", "archived"] as const).map((s) => (
                <option key={s} value={s}>{st(`films.status.${s}`)}</option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor="film-q">{st("films.search")}</label>
            <input id="film-q" type="search" value={q} onChange={(e) => setQ(e.target.value)} />
          </div>
        </div>
        {error ? <ErrorMessage error={error} onRetry={reload} /> : null}
        {loading && !data ? <p className="muted" aria-busy="true">{st("common.loading")}</p> : null}
        {data && data.items.length === 0 ? <p>{st("films.none")}</p> : null}
        {data && data.items.length > 0 && (
          <ul className="selection-list" aria-busy={loading}>
            {data.items.map((f) => (
              <li key={f.id}>
                <Link href={`/staff/films/${f.id}`} aria-label={st("films.open", { title: f.title })}>{f.title}</Link>
                <span className="muted">
                  {f.releaseDate?.slice(0, 4)} · {st("films.runtime", { n: f.runtimeMinutes })} · <span className="tag">{st(`films.status.${f.status}`)}</span>
                </span>
              </li>
            ))}
          </ul>
        )}
      </section>
    </>
  );
}

function TmdbImport() {
  const { st } = useStaffT();
  const toast = useToast();
  const [query, setQuery] = useState("");
  const [hits, setHits] = useState<TmdbHit[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const search = async (e: FormEvent) => {
    e.preventDefault();
    if (!query.trim()) return;
    setBusy("search");
    setError(null);
    try {
      setHits((await staffApi.tmdbSearch(query.trim())).items);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(null);
    }
  };
  const importFilm = async (hit: TmdbHit) => {
    setBusy(String(hit.tmdbId));
    setError(null);
    try {
      const film = await staffApi.tmdbImport(hit.tmdbId);
      toast(st("tmdb.imported", { title: film.title }), "success");
      navigate(`/staff/films/${film.id}`);
    } catch (err) {
      setError(err);
      setBusy(null);
    }
  };
  return (
    <section className="card stack section" aria-labelledby="tmdb-title">
      <h2 id="tmdb-title">{st("tmdb.title")}</h2>
      <form onSubmit={search} role="search" style={{ display: "flex", flexWrap: "wrap", gap: "0.5rem", alignItems: "flex-end" }}>
        <div className="field" style={{ marginBottom: 0 }}>
          <label htmlFor="tmdb-q">{st("tmdb.query")}</label>
          <input id="tmdb-q" type="search" value={query} onChange={(e) => setQuery(e.target.value)} />
        </div>
        <button type="submit" className="button" disabled={busy === "search"}>{st("tmdb.search")}</button>
      </form>
      {error ? <ErrorMessage error={error} /> : null}
      {hits && hits.length === 0 ? <p>{st("tmdb.none")}</p> : null}
      {hits && hits.length > 0 && (
        <ul className="selection-list">
          {hits.map((h) => (
            <li key={h.tmdbId}>
              <span>
                <strong>{h.title}</strong> {h.releaseDate ? <span className="muted">({h.releaseDate.slice(0, 4)})</span> : null}
              </span>
              {h.importedAs ? (
                <Link href={`/staff/films/${h.importedAs}`} aria-label={st("tmdb.open", { title: h.title })}>{st("tmdb.already")}</Link>
              ) : (
                <button type="button" className="button small" disabled={busy !== null} onClick={() => importFilm(h)}
                  aria-label={st("tmdb.import", { title: h.title })}>
                  {st("tmdb.import", { title: "" }).trim()}
                </button>
              )}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
