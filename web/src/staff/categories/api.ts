// The catalog's category endpoints and a film's categories (films:write).
import { api } from "../../api/instance";
import { ApiProblem } from "../../api/problem";
import type { Page } from "../../api/types";
import type { StaffFilm } from "../api";
import type { Category } from "./tree";

const id = encodeURIComponent;
let fresh = 0;

export const categoriesApi = {
  /** GET /categories is cacheable (max-age 300): a changing query keeps staff off stale copies. */
  list: (signal?: AbortSignal) =>
    api.get<Page<Category>>("/api/catalog/categories", { fresh: `${Date.now()}-${++fresh}` }, { signal }),
  create: (body: { name: string; kind: Category["kind"]; parentId?: string }) =>
    api.post<Category>("/api/catalog/categories", body),
  /** Needs PATCH /api/catalog/categories/{id} (requested in .run/api-requests.md). */
  update: (categoryId: string, body: { name?: string; parentId?: string | null }) =>
    api.patch<Category>(`/api/catalog/categories/${id(categoryId)}`, body),
  remove: (categoryId: string) => api.delete<void>(`/api/catalog/categories/${id(categoryId)}`),
  setFilmCategories: (filmId: string, slugs: string[]) =>
    api.put<StaffFilm>(`/api/catalog/films/${id(filmId)}/categories`, { categories: slugs }),
};

/** The gateway's answer for a route the service does not have (yet). */
export const isMissingRoute = (e: unknown) =>
  e instanceof ApiProblem && (e.status === 405 || (e.status === 404 && /no resource at this address/i.test(e.detail ?? "")));
