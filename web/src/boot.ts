// The first script of index.html (a module without imports, so it runs as soon as the document is
// parsed, long before ReactDOM is compiled): from the URL alone it starts the public GETs of the
// first paint (the home page's films, a seat map's screening and seats). The API client consumes
// each answer once, for the first identical GET (api/instance.ts), else asks the network itself.
type Boot = Record<string, Promise<Response>>;

const boot: Boot = {};
(window as unknown as { __hsBoot: Boot }).__hsBoot = boot;

function get(url: string): void {
  const answer = fetch(url, { headers: { Accept: "application/json, application/problem+json" }, credentials: "same-origin" });
  answer.catch(() => delete boot[url]);
  boot[url] = answer;
}

/** YYYY-MM-DD of a local day (the browser's zone, as lib/dates.ts dayOf). */
function day(date: Date): string {
  const two = (n: number) => String(n).padStart(2, "0");
  return `${date.getFullYear()}-${two(date.getMonth() + 1)}-${two(date.getDate())}`;
}

const path = window.location.pathname;
const seats = /^\/screenings\/([^/]+)\/seats$/.exec(path);
if (seats) {
  const id = encodeURIComponent(decodeURIComponent(seats[1]));
  get(`/api/scheduling/screenings/${id}`);
  get(`/api/scheduling/screenings/${id}/seats`);
} else if (path === "/") {
  const today = new Date();
  const week = new Date(today.getFullYear(), today.getMonth(), today.getDate() + 6, 12);
  get(`/api/catalog/films?showingFrom=${day(today)}&showingTo=${day(week)}&sort=popularity&limit=24`);
}

export {};
