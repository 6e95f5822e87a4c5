// The very first module main.tsx evaluates (before React and ReactDOM): from the URL alone it asks
// for the data and the page chunk of the first paint, so that the network works while ReactDOM
// compiles and renders. It imports nothing of React.
import { prefetch } from "../lib/prefetch";
import { homeFilmsKey, loadHomeFilms } from "../pages/home/homeData";
import { loadSeatsData, seatsKey } from "../pages/seats/seatsData";

const groups: [RegExp, () => Promise<unknown>][] = [
  [/^\/(screenings\/[^/]+\/seats|checkout\/[^/]+|payment-return)$/, () => import("../pages/groups/booking")],
  [/^\/(films(\/[^/]+)?|faq|lists\/[^/]+)$/, () => import("../pages/groups/discover")],
  [/^\/(tickets|bookings\/[^/]+)$/, () => import("../pages/groups/tickets")],
];

export function startEarly(path: string): void {
  groups.find(([pattern]) => pattern.test(path))?.[1]().catch(() => undefined);
  if (path === "/") prefetch(homeFilmsKey(), loadHomeFilms);
  const seats = /^\/screenings\/([^/]+)\/seats$/.exec(path);
  if (seats) {
    const id = decodeURIComponent(seats[1]);
    prefetch(seatsKey(id), () => loadSeatsData(id));
  }
}

startEarly(window.location.pathname);
