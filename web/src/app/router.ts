// The pure part of the router: path patterns, query strings, URLs. No DOM here (unit-tested).

export type Params = Record<string, string>;
export type Query = Record<string, string>;

/** Matches "/films/:id" against "/films/42" → { id: "42" }; a trailing "/*" matches any rest ("rest" param). */
export function matchPath(pattern: string, path: string): Params | null {
  const pat = split(pattern);
  const parts = split(path);
  const params: Params = {};
  for (let i = 0; i < pat.length; i++) {
    const p = pat[i];
    if (p === "*") {
      params.rest = parts.slice(i).join("/");
      return params;
    }
    const part = parts[i];
    if (part === undefined) return null;
    if (p.startsWith(":")) params[p.slice(1)] = safeDecode(part);
    else if (p !== part) return null;
  }
  return parts.length === pat.length ? params : null;
}

function split(path: string): string[] {
  return path.split("/").filter((s) => s.length > 0);
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

export interface RouteDef<T> {
  path: string;
  value: T;
}

export interface Match<T> {
  value: T;
  params: Params;
}

/** The first route whose pattern matches, in order. */
export function resolve<T>(routes: RouteDef<T>[], path: string): Match<T> | null {
  for (const route of routes) {
    const params = matchPath(route.path, path);
    if (params) return { value: route.value, params };
  }
  return null;
}

export function parseQuery(search: string): Query {
  const query: Query = {};
  new URLSearchParams(search.startsWith("?") ? search.slice(1) : search).forEach((v, k) => {
    query[k] = v;
  });
  return query;
}

/** "?a=1&b=x" from { a: 1, b: "x", c: "" , d: undefined }: empty values are left out, keys sorted. */
export function buildQuery(query: Record<string, string | number | boolean | undefined | null>): string {
  const params = new URLSearchParams();
  for (const key of Object.keys(query).sort()) {
    const value = query[key];
    if (value === undefined || value === null || value === "" || value === false) continue;
    params.set(key, String(value));
  }
  const s = params.toString();
  return s ? "?" + s : "";
}

export function href(path: string, query: Record<string, string | number | boolean | undefined | null> = {}): string {
  return path + buildQuery(query);
}

/** Whether a link target is ours (same origin, not the API or docs) and can be routed without a page load. */
export function isClientRoute(url: URL, origin: string): boolean {
  if (url.origin !== origin) return false;
  return !/^\/(api|docs|assets|\.well-known)(\/|$)/.test(url.pathname) && !/\.[a-z0-9]+$/i.test(url.pathname);
}
