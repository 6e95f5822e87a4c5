// Pure logic of changing a screening's film from the board (no React, no DOM): does the new film fit
// in the screening's slot (runtime plus the trailer and cleaning buffers, before the next screening of
// the auditorium), may the film change at all (no seat held or sold), and which films the palette
// offers. The API's dry run (POST /screenings/check) and the PATCH have the final word: this is what the
// board can tell at once from its own data. Unit-tested in web/test/planning-film.test.mjs.

/** What the board knows of a screening (a subset of BoardScreening). */
export interface SlotScreening {
  id: string;
  filmId: string;
  filmTitle: string;
  startsAt: string;
  /** End of the screening plus its trailer and cleaning buffers. */
  endsAt: string;
  status: string;
  sold?: number;
  held?: number;
  bookings?: number;
}

export interface FilmRuntime {
  id: string;
  title: string;
  runtimeMinutes: number;
}

export type FilmVerdict =
  /** The screening already shows this film: nothing to change. */
  | { kind: "same" }
  /** Cancelled: nothing to change. */
  | { kind: "cancelled" }
  /** Seats are held or sold: the API keeps the film (409 screening-has-bookings). */
  | { kind: "booked"; sold: number; held: number }
  /** The buffers are unknown (no screening of a film whose runtime the board knows): only the API can tell. */
  | { kind: "unknown" }
  | { kind: "fits"; endsAt: number }
  /** The new end runs into these screenings of the same auditorium. */
  | { kind: "overlaps"; endsAt: number; conflicts: SlotScreening[] };

const ms = (iso: string) => Date.parse(iso);

/** Seats of the screening are held or sold (or it has a booking): its film cannot change. */
export function isBooked(s: Pick<SlotScreening, "sold" | "held" | "bookings">): boolean {
  return (s.sold ?? 0) > 0 || (s.held ?? 0) > 0 || (s.bookings ?? 0) > 0;
}

/** The trailer plus cleaning minutes the service adds to a runtime: a block's length minus its film's
 * runtime, read from the first screening whose film's runtime is known; null when none is. */
export function bufferMinutes(screenings: SlotScreening[], runtimeOf: (filmId: string) => number | undefined): number | null {
  for (const s of screenings) {
    const runtime = runtimeOf(s.filmId);
    if (runtime === undefined || !Number.isFinite(runtime)) continue;
    const buffer = Math.round((ms(s.endsAt) - ms(s.startsAt)) / 60000) - runtime;
    if (buffer >= 0) return buffer;
  }
  return null;
}

/** The end (epoch ms, buffers included) of `screening` showing a film of `runtimeMinutes`. */
export function endWith(screening: Pick<SlotScreening, "startsAt">, runtimeMinutes: number, buffer: number): number {
  return ms(screening.startsAt) + (runtimeMinutes + buffer) * 60000;
}

/** The scheduled screenings of `lane` (one auditorium) that [start, end) would overlap, `screening` left out. */
export function overlapping(screening: Pick<SlotScreening, "id" | "startsAt">, end: number, lane: SlotScreening[]): SlotScreening[] {
  const start = ms(screening.startsAt);
  return lane
    .filter((o) => o.id !== screening.id && o.status !== "cancelled" && ms(o.startsAt) < end && ms(o.endsAt) > start)
    .sort((a, b) => ms(a.startsAt) - ms(b.startsAt));
}

/** May `screening` show `film` instead, judged from the board: `lane` holds the screenings of its
 * auditorium the board knows (those past the week's end are not there: the API's check covers them). */
export function filmVerdict(screening: SlotScreening, film: FilmRuntime, lane: SlotScreening[], buffer: number | null): FilmVerdict {
  if (screening.status === "cancelled") return { kind: "cancelled" };
  if (film.id === screening.filmId) return { kind: "same" };
  if (isBooked(screening)) return { kind: "booked", sold: screening.sold ?? 0, held: screening.held ?? 0 };
  if (buffer === null || !Number.isFinite(film.runtimeMinutes)) return { kind: "unknown" };
  const endsAt = endWith(screening, film.runtimeMinutes, buffer);
  const conflicts = overlapping(screening, endsAt, lane);
  return conflicts.length ? { kind: "overlaps", endsAt, conflicts } : { kind: "fits", endsAt };
}

/** The films the screenings of the board show (not cancelled), once each, by title. */
export function boardFilms(screenings: Pick<SlotScreening, "filmId" | "filmTitle" | "status">[]): { id: string; title: string }[] {
  const seen = new Map<string, string>();
  for (const s of screenings) if (s.status !== "cancelled" && !seen.has(s.filmId)) seen.set(s.filmId, s.filmTitle);
  return [...seen].map(([id, title]) => ({ id, title })).sort((a, b) => a.title.localeCompare(b.title) || a.id.localeCompare(b.id));
}

/** The palette's films: `first` (the cinema's films of the week), then `more` (search results or the
 * catalogue), once each, at most `limit`. */
export function paletteFilms<T extends { id: string }>(first: T[], more: T[], limit = 40): T[] {
  const out: T[] = [];
  const seen = new Set<string>();
  for (const f of [...first, ...more]) {
    if (seen.has(f.id)) continue;
    seen.add(f.id);
    out.push(f);
    if (out.length >= limit) break;
  }
  return out;
}
