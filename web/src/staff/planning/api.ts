// The planning board's API calls (scheduling: calendar, dry-run check, schedule, move, cancel, fill rates).
import { api } from "../../api/instance";
import { isProblem } from "../../api/problem";
import type { Film, Page, Screening } from "../../api/types";

const S = "/api/scheduling";
const id = encodeURIComponent;

export interface BoardScreening {
  id: string;
  filmId: string;
  filmTitle: string;
  startsAt: string;
  /** End of the screening plus its trailer and cleaning buffers (what the conflict check uses). */
  endsAt: string;
  format: string;
  version: string;
  status: string;
  sold: number;
  held: number;
  fillRate: number;
  /** Confirmed bookings (requested from the API: .run/api-requests.md); absent until it exists. */
  bookings?: number;
}

export interface BoardAuditorium {
  id: string;
  name: string;
  capacity: number;
  screenings: BoardScreening[];
}

export interface Board {
  cinemaId: string;
  timezone: string;
  weekStart: string;
  weekEnd: string;
  auditoriums: BoardAuditorium[];
}

export interface CheckResult {
  startsAt: string;
  endsAt: string;
  conflicts: Screening[];
}

export interface FillRow {
  key: string;
  label: string;
  screenings: number;
  sold: number;
  capacity: number;
  fillRate: number;
}

export type FillDimension = "screening" | "film" | "auditorium" | "day";

export interface NewScreening {
  filmId: string;
  auditoriumId: string;
  startsAt: string;
  priceAmount: number;
  currency?: string;
  priceCardId?: string;
  format?: string;
  version?: string;
}

export const planningApi = {
  board: (cinemaId: string, week: string, signal?: AbortSignal) =>
    api.get<Board>(`${S}/cinemas/${id(cinemaId)}/calendar`, { week }, { signal }),
  check: (body: { filmId: string; auditoriumId: string; startsAt: string; excludeScreeningId?: string }, signal?: AbortSignal) =>
    api.post<CheckResult>(`${S}/screenings/check`, body, { signal }),
  create: (body: NewScreening) => api.post<{ id: string }>(`${S}/screenings`, body),
  move: (screeningId: string, body: { startsAt?: string; auditoriumId?: string; filmId?: string }) =>
    api.patch<Screening>(`${S}/screenings/${id(screeningId)}`, body),
  cancel: (screeningId: string, reason: string) =>
    api.post<{ cancelledBookings: number }>(`${S}/screenings/${id(screeningId)}/cancel`, { reason }),
  films: () => api.get<Page<Film>>("/api/catalog/films", { status: "published", limit: 100 }),
  /** One film of the catalogue (the runtime of a film the board shows but the first page of films lacks). */
  film: (filmId: string, signal?: AbortSignal) => api.get<Film>(`/api/catalog/films/${id(filmId)}`, undefined, { signal }),
  /** Published films matching words of their title (the film palette's search). */
  searchFilms: (q: string, signal?: AbortSignal) => api.get<Page<Film>>("/api/catalog/films", { q, limit: 20 }, { signal }),
  fillRates: (by: FillDimension, cinemaId: string, from: string, to: string) =>
    api.get<{ by: string; from: string; to: string; items: FillRow[] }>(`${S}/stats/fill-rates`, { by, cinemaId, from, to }),
};

/** The PATCH refuses a field it does not know yet (422 "is not a known field"): such a move or film
 * change is not available until the API accepts it. */
export function unsupportedField(e: unknown, field: string): boolean {
  return isProblem(e) && e.status === 422 && e.errors.some((f) => f.field === field && /not a known field/i.test(f.message));
}

interface OpenApiDoc {
  paths?: Record<string, Record<string, { requestBody?: { content?: Record<string, { schema?: { properties?: Record<string, unknown> } }> } }>>;
}

/** The fields PATCH /screenings/{id} accepts, read from the scheduling service's OpenAPI (so the board
 * knows whether a move to another auditorium or a film change is possible before trying). */
export async function patchFields(): Promise<string[]> {
  try {
    const doc = await api.get<OpenApiDoc>(`${S}/openapi.json`);
    return Object.keys(doc.paths?.["/screenings/{id}"]?.patch?.requestBody?.content?.["application/json"]?.schema?.properties ?? {});
  } catch {
    return ["startsAt"];
  }
}
