import { schedulingApi } from "../../api/scheduling";
import type { Film, Screening } from "../../api/types";
import { Link } from "../../app/Link";
import { useAsync } from "../../app/useAsync";
import { ErrorMessage } from "../../components/ErrorMessage";
import { useI18n } from "../../i18n/i18n";
import { dayOf, formatDay, formatTime, groupBy } from "../../lib/dates";

/** Screenings grouped by day, then by cinema, each with its remaining seats. */
export function Showtimes({ film }: { film: Film }) {
  const { t, locale } = useI18n();
  const { data, error, loading, reload } = useAsync(
    async () => (await schedulingApi.screenings({ filmId: film.id, limit: 100 })).items.filter((s) => s.status !== "cancelled"),
    [film.id],
  );
  const days = groupBy(data ?? [], (s) => dayOf(s.startsAt, s.timezone));
  return (
    <section className="section" id="showtimes" aria-labelledby="showtimes-title">
      <h2 id="showtimes-title">{t("film.showtimes")}</h2>
      {error ? <ErrorMessage error={error} onRetry={reload} /> : null}
      {loading && <div className="skeleton skeleton-line" style={{ height: "4rem" }} />}
      {!loading && days.length === 0 && <p>{t("film.noShowtimes")}</p>}
      {days.map(([day, screenings]) => (
        <div key={day} className="day-group">
          <h3>{formatDay(day, locale)}</h3>
          {groupBy(screenings, (s) => s.cinemaName).map(([cinemaName, list]) => (
            <div key={cinemaName}>
              <p className="muted">{cinemaName}</p>
              <ul className="showtimes">
                {list.map((s) => (
                  <li key={s.id}>
                    <ShowtimeLink screening={s} remaining={s.seatsFree} locale={locale} timeZone={s.timezone} />
                  </li>
                ))}
              </ul>
            </div>
          ))}
        </div>
      ))}
    </section>
  );
}

function ShowtimeLink({ screening, remaining, locale, timeZone }: { screening: Screening; remaining?: number; locale: string; timeZone?: string }) {
  const { t } = useI18n();
  const time = formatTime(screening.startsAt, locale, timeZone);
  const version = [screening.version, screening.format].filter(Boolean).join(" · ");
  const seats = remaining === undefined ? "" : remaining === 0 ? t("film.soldOut") : t("film.seatsLeft", { count: remaining });
  return (
    <Link className="showtime" href={`/screenings/${screening.id}/seats`} aria-label={t("film.showtimeLabel", { time, version, seats, room: screening.auditoriumName })}>
      <strong>{time}</strong>
      <small>{version || screening.auditoriumName}</small>
      <small>{seats || "\u00a0"}</small>
    </Link>
  );
}
