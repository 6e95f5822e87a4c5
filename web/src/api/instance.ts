// The one API client of the app, on the browser's fetch and cookies.
import { ApiClient } from "./client";

export function readCookie(name: string): string | undefined {
  for (const part of document.cookie.split(";")) {
    const [key, ...rest] = part.trim().split("=");
    if (key === name) return decodeURIComponent(rest.join("="));
  }
  return undefined;
}

export const api = new ApiClient({ fetch: (input, init) => window.fetch(input, init), readCookie });
