import { useEffect } from "react";
import { catalogApi } from "../../api/catalog";
import type { Film } from "../../api/types";
import type { PageProps } from "../../app/routes";
import { useAsync } from "../../app/useAsync";
import { ErrorMessage } from "../../components/ErrorMessage";
import { FilmImage } from "../../components/FilmImage";
import { PageSkeleton } from "../../components/Skeleton";
import { useTitle } from "../../components/useTitle";
import { useI18n } from "../../i18n/i18n";
import { formatRuntime } from "../../lib/dates";
import { AddToList } from "./AddToList";
import { FavouriteButton } from "./FavouriteButton";
import { Showtimes } from "./Showtimes";
import { synopsisOf } from "./synopsis";

export default function FilmPage({ params }: PageProps) {
  const { data: film, error, loading, reload } = useAsync(() => catalogApi.film(params.id), [params.id]);
  useTitle(film?.title);
  if (loading) return <PageSkeleton />;
  if (error || !film) return <div className="page"><ErrorMessage error={error} onRetry={reload} /></div>;
  return (
    <article>
      <FilmImage sizes={film.images?.backdrop} alt="" kind="backdrop" className="film-backdrop" eager widths="100vw" />
      <div className="page">
        <div className="film-head">
          <FilmImage sizes={film.images?.poster} alt={film.title} kind="poster" eager widths="(max-width: 640px) 8rem, 15rem" placeholder={film.title} />
          <FilmSummary film={film} />
        </div>
        <FilmDetails film={film} />
        <Showtimes film={film} />
      </div>
    </article>
  );
}

function FilmSummary({ film }: { film: Film }) {
  const { t, lang } = useI18n();
  return (
    <div>
      <h1>{film.title}</h1>
      {film.originalTitle && film.originalTitle !== film.title && <p className="muted" lang={film.originalLanguage}>{film.originalTitle}</p>}
      <p className="row">
        {film.genres.map((g) => <span key={g} className="tag">{g}</span>)}
        {film.certification && <span className="tag">{film.certification === "U" ? t("browse.allAges") : `-${film.certification}`}</span>}
      </p>
      <p>{synopsisOf(film, lang)}</p>
      <div className="row">
        <a className="button" href="#showtimes">{t("film.seeShowtimes")}</a>
        <FavouriteButton filmId={film.id} />
      </div>
      <AddToList filmId={film.id} />
    </div>
  );
}

function FilmDetails({ film }: { film: Film }) {
  const { t } = useI18n();
  const directors = (film.crew ?? []).filter((c) => c.job === "Director").map((c) => c.name);
  const cast = [...(film.cast ?? [])].sort((a, b) => (a.order ?? 0) - (b.order ?? 0)).slice(0, 12);
  const trailer = film.trailers?.find((tr) => tr.site === "YouTube");
  useScrollToHash();
  return (
    <section className="section" aria-labelledby="details-title">
      <h2 id="details-title">{t("film.details")}</h2>
      <dl className="facts">
        <dt>{t("film.runtime")}</dt>
        <dd>{formatRuntime(film.runtimeMinutes) || "—"}</dd>
        {film.releaseDate && (<><dt>{t("film.release")}</dt><dd>{film.releaseDate}</dd></>)}
        {directors.length > 0 && (<><dt>{t("film.director")}</dt><dd>{directors.join(", ")}</dd></>)}
        <dt>{t("film.languages")}</dt>
        <dd>{languagesOf(film).join(", ").toUpperCase() || "—"}</dd>
        {(film.subtitleLanguages ?? []).length > 0 && (<><dt>{t("film.subtitles")}</dt><dd>{film.subtitleLanguages?.join(", ").toUpperCase()}</dd></>)}
        {(film.formats ?? []).length > 0 && (<><dt>{t("film.formats")}</dt><dd>{film.formats?.join(", ")}</dd></>)}
        {film.rating ? (<><dt>{t("film.rating")}</dt><dd>{film.rating.toFixed(1)} / 10</dd></>) : null}
      </dl>
      {cast.length > 0 && (
        <>
          <h3>{t("film.cast")}</h3>
          <ul className="cast">
            {cast.map((c) => (
              <li key={c.personId + (c.character ?? "")}>
                <strong>{c.name}</strong>{c.character ? <span className="muted"> — {c.character}</span> : null}
              </li>
            ))}
          </ul>
        </>
      )}
      {trailer && (
        <p><a href={`https://www.youtube.com/watch?v=${encodeURIComponent(trailer.key)}`} target="_blank" rel="noreferrer">{t("film.trailer")}</a></p>
      )}
    </section>
  );
}

function useScrollToHash() {
  useEffect(() => {
    if (!window.location.hash) return;
    const timer = window.setTimeout(() => document.getElementById(window.location.hash.slice(1))?.scrollIntoView(), 300);
    return () => window.clearTimeout(timer);
  }, []);
}

function languagesOf(film: Film): string[] {
  const lists = [film.audioLanguages, film.spokenLanguages, film.originalLanguage ? [film.originalLanguage] : []];
  return lists.find((l) => l && l.length > 0) ?? [];
}
