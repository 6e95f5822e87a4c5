import { useEffect, useState } from "react";
import { catalogApi } from "../../api/catalog";
import { Link } from "../../app/Link";
import { useSession } from "../../app/session";
import { useToast } from "../../app/toasts";
import { problemLine } from "../../components/ErrorMessage";
import { useI18n } from "../../i18n/i18n";

export function FavouriteButton({ filmId }: { filmId: string }) {
  const { t } = useI18n();
  const { user } = useSession();
  const toast = useToast();
  const [favourite, setFavourite] = useState<boolean | null>(null);
  useEffect(() => {
    if (!user) return;
    catalogApi.favourites().then((page) => setFavourite(page.items.some((f) => f.id === filmId)), () => setFavourite(false));
  }, [user, filmId]);
  if (!user) return <Link className="button secondary" href={`/signin?next=/films/${filmId}`}>{t("film.signInToFavourite")}</Link>;
  const toggle = async () => {
    try {
      if (favourite) await catalogApi.removeFavourite(filmId);
      else await catalogApi.addFavourite(filmId);
      setFavourite(!favourite);
      toast(favourite ? t("film.unfavourited") : t("film.favourited"), "success");
    } catch (e) {
      toast(problemLine(e, t), "error");
    }
  };
  return (
    <button type="button" className="button secondary" aria-pressed={favourite === true} disabled={favourite === null} onClick={toggle}>
      <span aria-hidden="true">{favourite ? "♥" : "♡"}</span> {t("film.favourite")}
    </button>
  );
}
