import type { Film } from "../../api/types";

export function synopsisOf(film: Film, lang: "fr" | "en"): string {
  return (lang === "en" ? film.synopsisEn || film.synopsis : film.synopsis || film.synopsisEn) ?? "";
}
