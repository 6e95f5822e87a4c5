import { useEffect, useState } from "react";
import type { Film } from "../../api/types";
import { Link } from "../../app/Link";
import { FilmImage } from "../../components/FilmImage";
import { useI18n } from "../../i18n/i18n";
import { synopsisOf } from "../film/synopsis";

const ROTATE_MS = 8000;

/** The featured films now showing: backdrop, title, synopsis, "Book"; rotates unless paused. */
export function Hero({ films, loading }: { films: Film[]; loading: boolean }) {
  const { t, lang } = useI18n();
  const [index, setIndex] = useState(0);
  const [paused, setPaused] = useState(() => window.matchMedia("(prefers-reduced-motion: reduce)").matches);
  useEffect(() => {
    if (paused || films.length < 2) return;
    const timer = window.setInterval(() => setIndex((i) => (i + 1) % films.length), ROTATE_MS);
    return () => window.clearInterval(timer);
  }, [paused, films.length]);
  const film = films[index % Math.max(films.length, 1)];
  if (!film) {
    return (
      <section className="hero" aria-label={t("home.featured")} aria-busy={loading}>
        <div className="hero-content">
          {!loading && <h2>{t("home.nothingShowing")}</h2>}
        </div>
      </section>
    );
  }
  return (
    <section
      className="hero"
      aria-roledescription="carousel"
      aria-label={t("home.featured")}
      onMouseEnter={() => setPaused(true)}
      onFocus={() => setPaused(true)}
    >
      <FilmImage sizes={film.images?.backdrop} alt="" kind="backdrop" eager widths="100vw" />
      <div className="hero-shade" />
      <div className="hero-content" aria-live={paused ? "polite" : "off"}>
        <p className="eyebrow">{t("home.nowShowing")}</p>
        <h2>{film.title}</h2>
        <p>{synopsisOf(film, lang)}</p>
        <div className="row">
          <Link className="button" href={`/films/${film.id}#showtimes`}>{t("home.book", { title: film.title })}</Link>
          <Link className="button secondary" href={`/films/${film.id}`}>{t("home.details")}</Link>
        </div>
      </div>
      {films.length > 1 && (
        <div className="hero-controls">
          <button type="button" aria-label={paused ? t("home.play") : t("home.pause")} onClick={() => setPaused(!paused)}>
            {paused ? "▶" : "❚❚"}
          </button>
          {films.map((f, i) => (
            <button key={f.id} type="button" aria-current={i === index} aria-label={t("home.showFilm", { title: f.title })} onClick={() => setIndex(i)}>
              {i + 1}
            </button>
          ))}
        </div>
      )}
    </section>
  );
}
