import { catalogApi } from "../../api/catalog";
import type { PageProps } from "../../app/routes";
import { setQuery } from "../../app/useLocation";
import { useAsync } from "../../app/useAsync";
import { ErrorMessage } from "../../components/ErrorMessage";
import { FilmCard } from "../../components/FilmCard";
import { CardsSkeleton } from "../../components/Skeleton";
import { useTitle } from "../../components/useTitle";
import { useI18n } from "../../i18n/i18n";
import { Filters } from "./Filters";
import { apiQuery, nextPageQuery, previousPageQuery } from "./browseQuery";

/** Search and browse: every filter, the sort and the page live in the URL (back and shared links restore it). */
export default function BrowsePage({ query }: PageProps) {
  const { t } = useI18n();
  useTitle(t("browse.title"));
  const search = apiQuery(query);
  const key = JSON.stringify(search);
  const { data, loading, error, reload } = useAsync((signal) => catalogApi.films(search, signal), [key]);
  return (
    <div className="page">
      <h1>{t("browse.title")}</h1>
      <div className="browse">
        <Filters query={query} />
        <section aria-labelledby="results-title" aria-busy={loading}>
          <h2 id="results-title" className="visually-hidden">{t("browse.results")}</h2>
          <p className="result-count muted" role="status">
            {!loading && data ? (data.total !== undefined ? t("browse.count", { count: data.total }) : "") : ""}
          </p>
          {error ? <ErrorMessage error={error} onRetry={reload} /> : null}
          {loading ? (
            <CardsSkeleton count={12} />
          ) : data && data.items.length === 0 ? (
            <p>{t("browse.none")}</p>
          ) : (
            <ul className="film-grid">
              {data?.items.map((film) => (
                <FilmCard key={film.id} film={film} />
              ))}
            </ul>
          )}
          <nav className="pager" aria-label={t("browse.pages")}>
            {query.cursors ? (
              <button type="button" className="button secondary" onClick={() => setQuery(previousPageQuery(query))}>
                {t("browse.previous")}
              </button>
            ) : (
              <span />
            )}
            {data?.nextCursor ? (
              <button type="button" className="button secondary" onClick={() => setQuery(nextPageQuery(query, data.nextCursor ?? ""))}>
                {t("browse.next")}
              </button>
            ) : null}
          </nav>
        </section>
      </div>
    </div>
  );
}
