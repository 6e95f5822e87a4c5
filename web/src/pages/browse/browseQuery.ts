// Browse URL ⇄ catalog search query (pure). Keyset pages: the URL keeps the stack of cursors walked
// ("cursors", comma-separated), so "previous" and a shared link land on the same page.
import type { Query } from "../../app/router";

export const filterKeys = [
  "q", "genre", "category", "language", "subtitles", "format", "certification", "showingFrom", "showingTo",
  "yearFrom", "yearTo", "runtimeMax", "ratingMin", "sort", "cinemaId", "version", "timeOfDay", "accessibility",
] as const;

/** Filters on the film's screenings (one screening must meet them all, with the dates). */
export const screeningKeys = ["cinemaId", "version", "timeOfDay", "accessibility", "showingFrom", "showingTo"] as const;

export const PAGE_SIZE = 24;

export function cursorStack(query: Query): string[] {
  return (query.cursors ?? "").split(",").filter(Boolean);
}

export function apiQuery(query: Query): Record<string, string | number> {
  const result: Record<string, string | number> = { limit: PAGE_SIZE };
  for (const key of filterKeys) if (query[key]) result[key] = query[key];
  const stack = cursorStack(query);
  if (stack.length > 0) result.cursor = stack[stack.length - 1];
  return result;
}

export function nextPageQuery(query: Query, nextCursor: string): Record<string, string> {
  return { cursors: [...cursorStack(query), nextCursor].join(",") };
}

export function previousPageQuery(query: Query): Record<string, string | undefined> {
  const stack = cursorStack(query).slice(0, -1);
  return { cursors: stack.length ? stack.join(",") : undefined };
}

/** A filter change starts again at the first page. */
export function filterChange(key: string, value: string): Record<string, string | undefined> {
  return { [key]: value || undefined, cursors: undefined };
}
