import type { QueryValue } from "./client";
import { api } from "./instance";
import type { Category, Film, FilmList, HistoryEntry, Page, Recommendation } from "./types";

const C = "/api/catalog";
const id = encodeURIComponent;

export const catalogApi = {
  films: (query: Record<string, QueryValue>, signal?: AbortSignal) =>
    api.get<Page<Film>>(`${C}/films`, query, { signal }),
  film: (filmId: string) => api.get<Film>(`${C}/films/${id(filmId)}`),
  categories: () => api.get<Page<Category>>(`${C}/categories`, { limit: 200 }),
  favourites: () => api.get<Page<Film>>(`${C}/me/favourites`, { limit: 100 }),
  addFavourite: (filmId: string) => api.put<void>(`${C}/me/favourites/${id(filmId)}`),
  removeFavourite: (filmId: string) => api.delete<void>(`${C}/me/favourites/${id(filmId)}`),
  lists: () => api.get<Page<FilmList>>(`${C}/me/lists`, { limit: 100 }),
  list: (listId: string, share?: string) => api.get<FilmList>(`${C}/lists/${id(listId)}`, { share }),
  createList: (name: string) => api.post<FilmList>(`${C}/lists`, { name, isPublic: false }),
  updateList: (listId: string, body: { name?: string; isPublic?: boolean; renewShareToken?: boolean }) =>
    api.patch<FilmList>(`${C}/lists/${id(listId)}`, body),
  setListFilms: (listId: string, filmIds: string[]) => api.put<FilmList>(`${C}/lists/${id(listId)}/films`, { filmIds }),
  deleteList: (listId: string) => api.delete<void>(`${C}/lists/${id(listId)}`),
  history: (cursor?: string) => api.get<Page<HistoryEntry>>(`${C}/me/history`, { limit: 50, cursor }),
  deleteHistory: (entryId: string) => api.delete<void>(`${C}/me/history/${id(entryId)}`),
  recommendations: (limit = 8) => api.get<Page<Recommendation>>(`${C}/me/recommendations`, { limit }),
};
