// The one API client of the app, on the browser's fetch and cookies.
import { ApiClient } from "./client";

export function readCookie(name: string): string | undefined {
  for (const part of document.cookie.split(";")) {
    const [key, ...rest] = part.trim().split("=");
    if (key === name) return decodeURIComponent(rest.join("="));
  }
  return undefined;
}

type Boot = Record<string, Promise<Response>>;

/** An answer boot.ts asked for at start, for the first identical GET only. */
function takeBooted(url: string): Promise<Response> | undefined {
  const boot = (window as unknown as { __hsBoot?: Boot }).__hsBoot;
  const answer = boot?.[url];
  if (answer) delete boot[url];
  return answer;
}

export const api = new ApiClient({ fetch: (input, init) => window.fetch(input, init), readCookie, takeBooted });
