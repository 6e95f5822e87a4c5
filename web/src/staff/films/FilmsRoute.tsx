import { CategoriesPage } from "../categories/CategoriesPage";
import { FilmEditor } from "./FilmEditor";
import { FilmsPage } from "./FilmsPage";

/** /staff/films (list, TMDB import, re-sync all), /staff/films/categories (the tree), /staff/films/<id>. */
export function FilmsRoute({ parts }: { parts: string[] }) {
  if (parts[0] === "categories") return <CategoriesPage />;
  if (parts[0]) return <FilmEditor key={parts[0]} filmId={parts[0]} />;
  return <FilmsPage />;
}
