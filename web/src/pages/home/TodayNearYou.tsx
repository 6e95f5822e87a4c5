import { schedulingApi } from "../../api/scheduling";
import type { Film, Screening } from "../../api/types";
import { useCinema } from "../../app/cinema";
import { Link } from "../../app/Link";
import { useAsync } from "../../app/useAsync";
import { useI18n } from "../../i18n/i18n";
import { dayOf, formatTime, groupBy } from "../../lib/dates";

/** What is on today at the chosen cinema, film by film, each showtime a link to its seats. */
export function TodayNearYou({ films }: { films: Film[] }) {
  const { t, locale } = useI18n();
  const { cinema } = useCinema();
  const today = cinema ? dayOf(new Date(), cinema.timezone) : "";
  const { data, loading } = useAsync(
    async () => (cinema ? (await schedulingApi.screenings({ cinemaId: cinema.id, date: today, limit: 100 })).items : []),
    [cinema?.id, today],
  );
  const upcoming = (data ?? []).filter((s) => Date.parse(s.startsAt) > Date.now() - 15 * 60000 && s.status !== "cancelled");
  const byFilm = groupBy(upcoming, (s) => s.filmId);
  return (
    <section className="section" aria-labelledby="today-title">
      <div className="section-head">
        <h2 id="today-title">{cinema ? t("home.todayAt", { cinema: cinema.name }) : t("home.today")}</h2>
      </div>
      {loading && <div className="skeleton skeleton-line" style={{ height: "3rem" }} />}
      {!loading && byFilm.length === 0 && <p className="muted">{t("home.noScreeningsToday")}</p>}
      <ul className="plain-list">
        {byFilm.map(([filmId, screenings]) => (
          <TodayFilm key={filmId} film={films.find((f) => f.id === filmId)} screenings={screenings} locale={locale} timeZone={cinema?.timezone} />
        ))}
      </ul>
    </section>
  );
}

function TodayFilm({ film, screenings, locale, timeZone }: { film?: Film; screenings: Screening[]; locale: string; timeZone?: string }) {
  const first = screenings[0];
  return (
    <li>
      <Link href={`/films/${first.filmId}`}><strong>{film?.title ?? first.filmTitle}</strong></Link>
      <ul className="showtimes" aria-label={film?.title ?? first.filmTitle}>
        {screenings.map((s) => (
          <li key={s.id}>
            <Link className="button small secondary" href={`/screenings/${s.id}/seats`}>
              {formatTime(s.startsAt, locale, timeZone)} {s.version ?? ""} {s.format && s.format !== "2D" ? s.format : ""}
            </Link>
          </li>
        ))}
      </ul>
    </li>
  );
}
