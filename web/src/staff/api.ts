// The staff area's API calls (catalog, scheduling, parked messages), on the app's one client.
import { api } from "../api/instance";
import { readCookie } from "../api/instance";
import { ApiProblem } from "../api/problem";
import type { Film, Page, PriceCard, PriceRule } from "../api/types";

const id = encodeURIComponent;

export type StaffFilm = Film & {
  tmdbId?: number;
  localEdits?: string[];
  syncedAt?: string;
  images?: Film["images"] & { posterWebp?: Record<string, string>; backdropWebp?: Record<string, string> };
};

export interface TmdbHit {
  tmdbId: number;
  title: string;
  originalTitle?: string;
  releaseDate?: string;
  overview?: string;
  posterPath?: string;
  importedAs?: string;
}

export interface ParkedMessage {
  id: string;
  messageId?: string;
  eventId?: string;
  routingKey: string;
  type: string;
  body: string;
  headers?: Record<string, unknown>;
  reason: string;
  parkedAt: string;
  status: "parked" | "replayed" | "discarded";
  replayedAt?: string;
  replayedBy?: string;
  discardedAt?: string;
  discardedBy?: string;
  discardReason?: string;
}

export type StaffPriceCard = PriceCard & { status?: string; retiredAt?: string };

/** The services that consume events, each with its own parked messages. */
export const consumingServices = ["catalog", "scheduling", "payments", "notifications"] as const;
export type ConsumingService = (typeof consumingServices)[number];

export const staffApi = {
  films: (query: { status?: string; q?: string }, signal?: AbortSignal) =>
    api.get<Page<StaffFilm>>("/api/catalog/films", { limit: 50, ...query }, { signal }),
  film: (filmId: string) => api.get<StaffFilm>(`/api/catalog/films/${id(filmId)}`),
  editFilm: (filmId: string, body: Record<string, unknown>) => api.patch<StaffFilm>(`/api/catalog/films/${id(filmId)}`, body),
  publish: (filmId: string) => api.post<StaffFilm>(`/api/catalog/films/${id(filmId)}/publish`),
  archive: (filmId: string) => api.post<StaffFilm>(`/api/catalog/films/${id(filmId)}/archive`),
  sync: (filmId: string, overwrite: boolean) =>
    api.request<StaffFilm>("POST", `/api/catalog/films/${id(filmId)}/sync`, { query: { overwrite: overwrite || undefined } }),
  tmdbSearch: (query: string) => api.get<Page<TmdbHit>>("/api/catalog/tmdb/search", { query }),
  tmdbImport: (tmdbId: number) => api.post<StaffFilm>("/api/catalog/tmdb/imports", { tmdbId }),
  parked: (service: ConsumingService, status: string) =>
    api.get<Page<ParkedMessage>>(`/api/${service}/parked-messages`, { status: status === "all" ? undefined : status, limit: 50 }),
  replay: (service: ConsumingService, messageId: string) =>
    api.post<ParkedMessage>(`/api/${service}/parked-messages/${id(messageId)}/replay`),
  discard: (service: ConsumingService, messageId: string, reason: string) =>
    api.post<ParkedMessage>(`/api/${service}/parked-messages/${id(messageId)}/discard`, reason ? { reason } : {}),
  priceCards: (cinemaId: string, status: string) =>
    api.get<Page<StaffPriceCard>>(`/api/scheduling/cinemas/${id(cinemaId)}/price-cards`, { status: status === "live" ? undefined : status }),
  editPriceCard: (cinemaId: string, cardId: string, body: { name?: string; rules?: PriceRule[] }) =>
    api.patch<StaffPriceCard>(`/api/scheduling/cinemas/${id(cinemaId)}/price-cards/${id(cardId)}`, body),
  retirePriceCard: (cinemaId: string, cardId: string) =>
    api.post<StaffPriceCard>(`/api/scheduling/cinemas/${id(cinemaId)}/price-cards/${id(cardId)}/retire`),
};

/** PUT the raw file with XMLHttpRequest (fetch has no upload progress), refreshing once on 401. */
export async function uploadImage(
  filmId: string,
  kind: "poster" | "backdrop",
  file: File,
  onProgress: (fraction: number) => void,
): Promise<StaffFilm> {
  const send = () =>
    new Promise<{ status: number; text: string; type: string }>((resolve, reject) => {
      const xhr = new XMLHttpRequest();
      xhr.open("PUT", `/api/catalog/films/${id(filmId)}/images/${kind}`);
      xhr.setRequestHeader("Content-Type", file.type || "application/octet-stream");
      xhr.setRequestHeader("Accept", "application/json, application/problem+json");
      if (api.accessToken) xhr.setRequestHeader("Authorization", "Bearer " + api.accessToken);
      const csrf = readCookie("hs_csrf");
      if (csrf) xhr.setRequestHeader("X-CSRF-Token", csrf);
      xhr.upload.onprogress = (e) => {
        if (e.lengthComputable) onProgress(e.loaded / e.total);
      };
      xhr.onload = () => resolve({ status: xhr.status, text: xhr.responseText, type: xhr.getResponseHeader("Content-Type") ?? "" });
      xhr.onerror = () => reject(new Error("network error during the upload"));
      xhr.send(file);
    });
  let answer = await send();
  if (answer.status === 401 && (await api.refresh())) {
    onProgress(0);
    answer = await send();
  }
  const response = new Response(answer.text || null, { status: answer.status, headers: { "Content-Type": answer.type } });
  if (answer.status < 200 || answer.status >= 300) {
    const { problemFrom } = await import("../api/problem");
    throw (await problemFrom(response)) as ApiProblem;
  }
  onProgress(1);
  return JSON.parse(answer.text) as StaffFilm;
}

export const splitList = (s: string) => s.split(",").map((x) => x.trim()).filter(Boolean);
