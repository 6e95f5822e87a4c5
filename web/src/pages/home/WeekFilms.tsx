import type { Film } from "../../api/types";
import { Link } from "../../app/Link";
import { ErrorMessage } from "../../components/ErrorMessage";
import { FilmCard } from "../../components/FilmCard";
import { CardsSkeleton } from "../../components/Skeleton";
import { useI18n } from "../../i18n/i18n";

export function WeekFilms({ films, loading, error, onRetry }: { films: Film[]; loading: boolean; error: unknown; onRetry: () => void }) {
  const { t } = useI18n();
  return (
    <section className="section" aria-labelledby="week-title">
      <div className="section-head">
        <h2 id="week-title">{t("home.thisWeek")}</h2>
        <Link href="/films">{t("home.allFilms")}</Link>
      </div>
      {error ? <ErrorMessage error={error} onRetry={onRetry} /> : null}
      {loading ? (
        <CardsSkeleton count={6} />
      ) : (
        <ul className="film-grid">
          {films.map((film) => (
            <FilmCard key={film.id} film={film} />
          ))}
        </ul>
      )}
    </section>
  );
}
