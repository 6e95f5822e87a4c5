import { useSession } from "../../app/session";
import { useAsync } from "../../app/useAsync";
import { useTitle } from "../../components/useTitle";
import { useI18n } from "../../i18n/i18n";
import { useState } from "react";
import type { Film, Page } from "../../api/types";
import { takePrefetched, takeSettled } from "../../lib/prefetch";
import { homeFilmsKey, loadHomeFilms } from "./homeData";
import { Hero } from "./Hero";
import { Recommendations } from "./Recommendations";
import { TodayNearYou } from "./TodayNearYou";
import { WeekFilms } from "./WeekFilms";

export default function HomePage() {
  useTitle(undefined);
  const { t } = useI18n();
  const { user } = useSession();
  const [ready] = useState(() => takeSettled<Page<Film>>(homeFilmsKey()));
  const week = useAsync(() => takePrefetched(homeFilmsKey(), loadHomeFilms), [], ready);
  const films = week.data?.items ?? [];
  return (
    <>
      <h1 className="visually-hidden">{t("home.title")}</h1>
      <Hero films={films.slice(0, 5)} loading={week.loading} />
      <div className="page">
        <TodayNearYou films={films} />
        <WeekFilms films={films} loading={week.loading} error={week.error} onRetry={week.reload} />
        {user && <Recommendations />}
      </div>
    </>
  );
}
