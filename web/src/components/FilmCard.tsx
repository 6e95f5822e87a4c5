import { Link } from "../app/Link";
import type { Film } from "../api/types";
import { formatRuntime } from "../lib/dates";
import { FilmImage } from "./FilmImage";

export function FilmCard({ film, note }: { film: Film; note?: string }) {
  return (
    <li className="film-card">
      <Link href={`/films/${film.id}`} className="film-card-link">
        <FilmImage sizes={film.images?.poster} alt="" kind="poster" placeholder={film.title} />
        <span className="film-card-title">{film.title}</span>
      </Link>
      <span className="film-card-meta">
        {[film.genres.slice(0, 2).join(", "), formatRuntime(film.runtimeMinutes)].filter(Boolean).join(" · ")}
      </span>
      {note && <span className="film-card-note">{note}</span>}
    </li>
  );
}
