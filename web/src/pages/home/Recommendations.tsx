import { catalogApi } from "../../api/catalog";
import { useAsync } from "../../app/useAsync";
import { FilmCard } from "../../components/FilmCard";
import { CardsSkeleton } from "../../components/Skeleton";
import { useI18n } from "../../i18n/i18n";

/** "For you": the catalog's recommendations, each with its reason ("because you liked …"). */
export function Recommendations() {
  const { t } = useI18n();
  const { data, loading, error } = useAsync(() => catalogApi.recommendations(8), []);
  if (error || (!loading && (data?.items.length ?? 0) === 0)) return null;
  return (
    <section className="section" aria-labelledby="reco-title">
      <h2 id="reco-title">{t("home.forYou")}</h2>
      {loading ? (
        <CardsSkeleton count={4} />
      ) : (
        <ul className="film-grid">
          {data?.items.map((r) => (
            <FilmCard key={r.film.id} film={r.film} note={r.because} />
          ))}
        </ul>
      )}
    </section>
  );
}
