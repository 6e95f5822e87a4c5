import { catalogApi } from "../../api/catalog";
import { addDays, dayOf } from "../../lib/dates";

/** The films showing this week, most popular first (the hero and "this week"). */
export function loadHomeFilms() {
  const today = dayOf(new Date());
  return catalogApi.films({ showingFrom: today, showingTo: addDays(today, 6), sort: "popularity", limit: 24 });
}

export function homeFilmsKey(): string {
  return "home-films-" + dayOf(new Date());
}
