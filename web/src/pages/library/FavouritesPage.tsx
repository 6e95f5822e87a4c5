import { catalogApi } from "../../api/catalog";
import { Link } from "../../app/Link";
import { useAsync } from "../../app/useAsync";
import { ErrorMessage } from "../../components/ErrorMessage";
import { FilmCard } from "../../components/FilmCard";
import { CardsSkeleton } from "../../components/Skeleton";
import { useTitle } from "../../components/useTitle";
import { useI18n } from "../../i18n/i18n";

export default function FavouritesPage() {
  const { t } = useI18n();
  useTitle(t("favourites.title"));
  const { data, error, loading, reload } = useAsync(() => catalogApi.favourites(), []);
  return (
    <div className="page">
      <h1>{t("favourites.title")}</h1>
      {error ? <ErrorMessage error={error} onRetry={reload} /> : null}
      {loading ? <CardsSkeleton count={4} /> : data?.items.length === 0 ? (
        <p>{t("favourites.empty")} <Link href="/films">{t("nav.films")}</Link></p>
      ) : (
        <ul className="film-grid">{data?.items.map((f) => <FilmCard key={f.id} film={f} />)}</ul>
      )}
    </div>
  );
}
